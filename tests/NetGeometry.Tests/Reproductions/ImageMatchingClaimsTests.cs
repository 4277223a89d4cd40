using NetGeometry.Experiments.Reproductions;

namespace NetGeometry.Tests.Reproductions;

/// <summary>The verdicts of image-matching computed from doctored measures: each claim and check can go either way.</summary>
public class ImageMatchingClaimsTests
{
    private static readonly MatchingScale Scale = new(Points: 8, Depths: [1, 2, 4, 8], Iterations: 1, Seeds: [0, 1], GeodesicSteps: 16);

    /// <summary>Four seed-and-pair units where every claim holds: the ratio comes down to 1.1 with depth, the penalty
    /// halves it, deep maps keep det &gt; 0 and the single unpenalized step folds, displacement and damage agree.</summary>
    private static List<MatchingUnit> Agreeing(double ratioAtDepth = 1.1, double damageSign = 1, double netEnergy = 2) =>
        Enumerable.Range(0, 4).Select(i =>
        {
            double jitter = 0.01 * i;
            var networks = Scale.Depths.Select(d => new NetworkMeasure(d, true, 0.005 + jitter / 10, 1, (d == 8 ? ratioAtDepth : 1 + 1.0 / d) + jitter, 0.2, 0.01))
                .Append(new NetworkMeasure(8, false, 0.005, 1, 2 * (ratioAtDepth + jitter), 0.1, 0.02))
                .Append(new NetworkMeasure(1, false, 0.005, 1, 1, -0.3, 0.02)).ToList();
            double[] displacement = [0.1, 0.3, 0.2, 0.05 + jitter, 0.4, 0.02, 0.15, 0.25];
            return new MatchingUnit(i / 2, (ShapePair)(i % 2), 1, 1e-9, 1e-10, networks, displacement,
                displacement.Select(x => damageSign * x * x).ToArray(), SameEndsEnergy: 1, SameEndsNetEnergy: netEnergy, Slack: 0.01, Pictures: null);
        }).ToList();

    private static Dictionary<string, bool> Verdicts(List<MatchingUnit> units) =>
        ImageMatchingClaims.Create(units, Scale, seeds: 2).ToDictionary(c => c.Name, c => c.Holds);

    [Fact]
    public void EveryClaimAndCheckHoldsOnAgreeingMeasures() => Assert.All(Verdicts(Agreeing()), v => Assert.True(v.Value, v.Key));

    [Fact]
    public void DoctoredMeasuresFlipTheirVerdicts()
    {
        Assert.False(Verdicts(Agreeing(ratioAtDepth: 3))["energy-ratio-at-depth"]);
        Assert.False(Verdicts(Agreeing(ratioAtDepth: 3))["energy-ratio-falls-with-depth"]);
        Assert.False(Verdicts(Agreeing(damageSign: -1))["moving-blocks-matter"]);
        Assert.False(Verdicts(Agreeing(netEnergy: 0.5))["energy-at-least-geodesic"]);
        var folded = Agreeing().Select(u => u with { Networks = u.Networks.Select(n => n with { MinDeterminant = -0.1 }).ToList() }).ToList();
        Assert.False(Verdicts(folded)["small-steps-diffeomorphic"]);
        var smooth = Agreeing().Select(u => u with { Networks = u.Networks.Select(n => n with { MinDeterminant = 0.1 }).ToList() }).ToList();
        Assert.False(Verdicts(smooth)["large-steps-fold"]);
        var drifting = Agreeing().Select(u => u with { HamiltonianDrift = 1e-3 }).ToList();
        Assert.False(Verdicts(drifting)["hamiltonian-conserved"]);
    }
}

using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>The claims and checks of <see cref="ImageMatching"/> from its seeds' and pairs' measures (intervals are 95%
/// t intervals over the seed-and-pair units).</summary>
internal static class ImageMatchingClaims
{
    /// <summary>Relative drift of H along a geodesic that the check allows.</summary>
    public const double DriftTolerance = 1e-6;
    /// <summary>Distance of an exact match's endpoint from its target that the check allows.</summary>
    public const double EndpointTolerance = 1e-6;

    public static IReadOnlyList<Claim> Create(IReadOnlyList<MatchingUnit> units, MatchingScale scale, int seeds)
    {
        int deepest = scale.Deepest, shallowest = scale.Depths[0];
        string over = $"over {units.Count} seed-and-pair units";
        var rms = Mean(units.Select(u => u.Network(deepest, true).Rms));
        var ratio = Mean(units.Select(u => u.Network(deepest, true).Ratio));
        var trend = SeedwiseTrend.Of(units.SelectMany(u => u.Networks.Where(n => n.Penalized).Select(n => (Unit: Key(u), n.Depth, n.Ratio))),
            r => r.Unit, r => r.Depth, r => Math.Abs(Math.Log(r.Ratio)));
        var penalty = Mean(units.Select(u => Math.Log(u.Network(deepest, false).Ratio / u.Network(deepest, true).Ratio)));
        double smallest = units.Select(u => u.Network(deepest, true).MinDeterminant).DefaultIfEmpty(double.NaN).Min();
        double folding = units.Select(u => u.Network(shallowest, false).MinDeterminant < 0 ? 1.0 : 0.0).DefaultIfEmpty(double.NaN).Average();
        var rhos = units.Select(u => RankCorrelation.SpearmanOfFinite(u.Displacement, u.Damage)).Where(double.IsFinite).ToList();
        var interpretability = rhos.Count > 0 ? SampleMean.Of(rhos) : null;
        Claim[] claims =
        [
            new Claim("match-within-half-pixel",
                $"the penalized networks of depth {deepest} carry the source contour to the target within half a pixel (RMS distance, mean {over})",
                rms.Mean, rms.ConfidenceInterval(), $"<= {Claim.Text(ImageMatching.MatchTolerance)} (CI)", rms.ConfidenceInterval().High <= ImageMatching.MatchTolerance,
                "half a pixel of 28; the whole interval").FixedAfterData(),
            Claim.InRange("energy-ratio-at-depth",
                $"at depth {deepest} the penalized network's energy in the landmark metric approaches the LDDMM geodesic energy: E_net / E_geodesic (mean {over})",
                ratio.Mean, ImageMatching.ExpectedRatio, ratio.ConfidenceInterval(), "E_net >= E_geodesic up to discretization; within 50%").FixedAfterData(),
            new Claim("energy-ratio-falls-with-depth",
                $"|ln(E_net / E_geodesic)| of the penalized networks falls with depth {string.Join(", ", scale.Depths)} (Spearman's rho per seed and pair, mean {over})",
                trend?.Mean.Mean ?? double.NaN, trend?.Interval, "< 0 (CI)", trend is { } t && t.Interval.High < 0, "the whole interval below 0"),
            new Claim("penalty-lowers-energy",
                $"at depth {deepest} the kinetic penalty lowers the energy ratio: ln(ratio without / ratio with) (mean {over})",
                penalty.Mean, penalty.ConfidenceInterval(), "> 0 (CI)", penalty.ConfidenceInterval().Low > 0, "the whole interval above 0"),
            new Claim("small-steps-diffeomorphic",
                $"the penalized maps of depth {deepest} (h = 1/{deepest}) are diffeomorphisms of the unit square: the smallest det D phi on a {MatchingScale.GridSide} x {MatchingScale.GridSide} grid over every unit",
                smallest, null, "> 0", smallest > 0),
            new Claim("large-steps-fold",
                $"a single unpenalized step (h = 1/{shallowest}) folds the plane: the fraction of units whose map has det D phi < 0 somewhere on the grid",
                folding, null, ">= 0.5", folding >= 0.5),
            new Claim("moving-blocks-matter",
                $"in the penalized network of depth {deepest} the blocks that move the landmarks most are those whose re-initialization hurts the match most (Spearman's rho of displacement and damage, mean over {rhos.Count} units)",
                interpretability?.Mean ?? double.NaN, interpretability?.ConfidenceInterval(), "> 0 (CI)",
                interpretability is { } m && m.ConfidenceInterval().Low > 0, "Dong & Zhou; the whole interval above 0"),
        ];
        double energyCheck = units.Select(u => u.SameEndsNetEnergy / (u.SameEndsEnergy - u.Slack)).DefaultIfEmpty(double.NaN).Min();
        double drift = units.Select(u => u.HamiltonianDrift).DefaultIfEmpty(double.NaN).Max(), endpoint = units.Select(u => u.GeodesicError).DefaultIfEmpty(double.NaN).Max();
        Claim[] checks =
        [
            new Claim("energy-at-least-geodesic",
                $"E_net of each depth-{deepest} network is at least the energy of the geodesic to its own endpoint, less that geodesic's discretization error at depth {deepest}: the smallest ratio",
                energyCheck, null, ">= 1", energyCheck >= 1).AsCheck(),
            new Claim("hamiltonian-conserved", $"the largest relative drift of H along a geodesic ({scale.GeodesicSteps} RK4 steps)",
                drift, null, $"<= {Claim.Text(DriftTolerance)}", drift <= DriftTolerance).AsCheck(),
            new Claim("exact-match-reached", "the largest distance of an exact LDDMM match's endpoint from its target",
                endpoint, null, $"<= {Claim.Text(EndpointTolerance)}", endpoint <= EndpointTolerance).AsCheck(),
        ];
        var lines = claims.Concat(checks).Select(c => c.OnSeeds(seeds));
        return [.. units.Count > 0 ? lines : lines.Select(c => c.NotTestable("no seed has a finished cell"))];
    }

    /// <summary>The mean and spread of the values; NaN when there are none (a sweep with no finished cell).</summary>
    private static SampleMean Mean(IEnumerable<double> values) => values.ToList() is { Count: > 0 } xs ? SampleMean.Of(xs) : new SampleMean(double.NaN, double.NaN, 0);

    /// <summary>A seed-and-pair unit as one key (the unit a trend is measured within).</summary>
    private static long Key(MatchingUnit unit) => unit.Seed * 2 + (long)unit.Pair;
}

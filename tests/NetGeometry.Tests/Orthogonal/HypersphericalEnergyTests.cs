using NetGeometry.Engine;
using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Orthogonal;

public class HypersphericalEnergyTests
{
    private static readonly EnergyVariant[] AllKinds =
        new[] { 0.0, 0.5, 1.0, 2.0 }.SelectMany(s => new[]
        {
            new EnergyVariant(s), new EnergyVariant(s, EnergyDistance.Angular),
            new EnergyVariant(s, HalfSpace: true), new EnergyVariant(s, EnergyDistance.Angular, true),
        }).ToArray();

    private static Tensor Gaussian(long rows, long columns, long seed)
    {
        using var g = Seeds.Generator(seed);
        return randn(rows, columns, generator: g, dtype: float64);
    }

    /// <summary>The definition, pair by pair, in plain doubles.</summary>
    private static double DirectSum(double[][] w, EnergyVariant v)
    {
        var unit = w.Select(x => { double n = Math.Sqrt(x.Sum(a => a * a)); return x.Select(a => a / n).ToArray(); }).ToList();
        if (v.HalfSpace) unit.AddRange(unit.Select(x => x.Select(a => -a).ToArray()).ToList());
        double sum = 0;
        for (int i = 0; i < unit.Count; i++)
        for (int j = 0; j < unit.Count; j++)
        {
            if (i == j) continue;
            double difference = Math.Sqrt(unit[i].Zip(unit[j], (a, b) => (a - b) * (a - b)).Sum());
            double z = v.Distance == EnergyDistance.Euclidean
                ? difference
                : 2 * Math.Atan2(difference, Math.Sqrt(unit[i].Zip(unit[j], (a, b) => (a + b) * (a + b)).Sum())) / Math.PI;
            sum += v.S == 0 ? Math.Log(1 / z) : Math.Pow(z, -v.S);
        }
        return sum;
    }

    [Fact]
    public void EveryVariantMatchesTheDirectPairByPairSum()
    {
        using var w = Gaussian(23, 5, 1);
        var rows = Enumerable.Range(0, 23).Select(i => w[i].data<double>().ToArray()).ToArray();
        var values = HypersphericalEnergy.Compute(w, AllKinds, blockRows: 4); // six blocks, the last one ragged
        foreach (var value in values)
        {
            double expected = DirectSum(rows, value.Variant);
            Assert.True(Math.Abs(value.Sum - expected) <= 1e-11 * Math.Abs(expected), $"{value.Variant.Name}: {value.Sum} vs {expected}");
            Assert.Equal(value.Variant.HalfSpace ? 46 * 45 : 23 * 22, value.Pairs);
            Assert.Equal(value.Sum / value.Pairs, value.Mean);
        }
    }

    [Fact]
    public void TheRegularTetrahedronHasItsKnownEnergies()
    {
        // Four unit vectors with pairwise distance sqrt(8/3) and angle acos(-1/3); any scaling of a neuron is ignored.
        using var w = tensor(new[] { 1.0, 1, 1, 2, -2, -2, -1, 1, -1, -3, -3, 3 }, new long[] { 4, 3 });
        var v = HypersphericalEnergy.Compute(w, [new(0), new(1), new(2), new(1, EnergyDistance.Angular)]);
        Assert.Equal(-Math.Log(Math.Sqrt(8.0 / 3)), v[0].Mean, 14);
        Assert.Equal(Math.Sqrt(3.0 / 8), v[1].Mean, 14);
        Assert.Equal(3.0 / 8, v[2].Mean, 14);
        Assert.Equal(Math.PI / Math.Acos(-1.0 / 3), v[3].Mean, 13);
        Assert.Equal(12 * Math.Sqrt(3.0 / 8), v[1].Sum, 13);
    }

    [Fact]
    public void EveryVariantIsInvariantUnderAnOrthogonalMapOfTheNeurons()
    {
        using var scope = NewDisposeScope();
        var v = Gaussian(50, 12, 2);
        var q = new Cayley().Orthogonalize(Gaussian(12, 12, 3));
        var before = HypersphericalEnergy.Compute(v, AllKinds);
        var after = HypersphericalEnergy.Compute(v.matmul(q.t()), AllKinds); // neuron i becomes Q v_i
        var sheared = HypersphericalEnergy.Compute(v.matmul(q.t().add(Gaussian(12, 12, 4).mul(Held(0.3)), Held(1))), AllKinds);
        foreach (var (b, a, s) in before.Zip(after, sheared))
        {
            Assert.True(Math.Abs(a.Sum - b.Sum) <= 1e-12 * Math.Abs(b.Sum), $"{b.Variant.Name}: {b.Sum} -> {a.Sum}");
            Assert.True(Math.Abs(s.Sum - b.Sum) > 1e-4 * Math.Abs(b.Sum), $"{b.Variant.Name}: a non-orthogonal map must change it");
        }
    }

    [Fact]
    public void ThousandsOfNeuronsGoThroughInBlocksWithTheSameResult()
    {
        using var w = Gaussian(2500, 8, 4);
        var blocked = HypersphericalEnergy.Compute(w, EnergyVariant.Recorded, blockRows: 97);
        var whole = HypersphericalEnergy.Compute(w, EnergyVariant.Recorded, blockRows: 2500);
        foreach (var (a, b) in blocked.Zip(whole))
            Assert.True(Math.Abs(a.Sum - b.Sum) <= 1e-11 * Math.Abs(b.Sum), $"{a.Variant.Name}: {a.Sum} vs {b.Sum}");
    }

    [Fact]
    public void CoincidentNeuronsHaveInfiniteEnergyAndAZeroNeuronIsRejected()
    {
        using var twins = tensor(new[] { 1.0, 2.0, 2.0, 4.0, 0.0, 1.0 }, new long[] { 3, 2 });
        Assert.All(HypersphericalEnergy.Compute(twins, [new(0), new(1), new(1, EnergyDistance.Angular)]),
            e => Assert.Equal(double.PositiveInfinity, e.Sum));
        using var withZero = tensor(new[] { 1.0, 2.0, 0.0, 0.0 }, new long[] { 2, 2 });
        Assert.Contains("neuron 1 is zero", Assert.Throws<ArgumentException>(() => HypersphericalEnergy.Compute(withZero, [new(1)])).Message);
        using var single = tensor(new[] { 1.0, 2.0 }, new long[] { 1, 2 });
        Assert.Throws<ArgumentException>(() => HypersphericalEnergy.Compute(single, [new(1)]));
    }

    [Theory]
    [InlineData("s0", 0.0, EnergyDistance.Euclidean, false, "energy_s0")]
    [InlineData("S2-half", 2.0, EnergyDistance.Euclidean, true, "energy_s2_half")]
    [InlineData("s0.5-angular-half", 0.5, EnergyDistance.Angular, true, "energy_s0.5_angular_half")]
    public void VariantsParseAndNameThemselves(string text, double s, EnergyDistance distance, bool half, string metric)
    {
        var v = EnergyVariant.Parse(text);
        Assert.Equal(new EnergyVariant(s, distance, half), v);
        Assert.Equal(metric, v.MetricName);
        Assert.Equal(v, EnergyVariant.Parse(v.Name));
    }

    [Theory]
    [InlineData("s-1")]
    [InlineData("e1")]
    [InlineData("s1-half-half")]
    [InlineData("s1-cosine")]
    public void BadVariantsAreInputErrors(string text) =>
        Assert.Contains("s<power>", Assert.Throws<InputException>(() => EnergyVariant.Parse(text)).Message);
}

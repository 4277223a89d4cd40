using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Spectral;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class HarmonicLabelsTests
{
    private static readonly HarmonicTerm[] Mix = [new(1, 1.0), new(2, 0.5), new(4, 0.25)];

    private static string LoadFails(DataSpec spec)
    {
        var e = Assert.Throws<InputException>(() => spec.Load(seed: 1));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void HarmonicTargetsAreValidated()
    {
        var harmonics = new DataSpec { Labels = "harmonics", Harmonics = Mix };
        Assert.Contains("needs data.harmonics", LoadFails(harmonics with { Harmonics = null }));
        Assert.Contains("needs data.harmonics", LoadFails(harmonics with { Harmonics = [] }));
        Assert.Contains("data.source sphere", LoadFails(harmonics with { Source = "gaussian" }));
        Assert.Contains("data.dim of at least 2", LoadFails(harmonics with { Dim = 1 }));
        Assert.Contains("degrees must be 0 or more", LoadFails(harmonics with { Harmonics = [new(-1, 1.0)] }));
        Assert.Contains("must be finite", LoadFails(harmonics with { Harmonics = [new(2, double.NaN)] }));
        Assert.Contains("degree 2 appears more than once", LoadFails(harmonics with { Harmonics = [new(2, 1.0), new(2, 0.5)] }));
        Assert.Contains("applies to data.labels harmonics", LoadFails(new DataSpec { Harmonics = Mix }));
        Assert.Contains("applies to data.source sphere", LoadFails(new DataSpec { Source = "csv", CsvFile = "x.csv", Harmonics = Mix }));
    }

    [Fact]
    public void EachPartIsItsCoefficientTimesAUnitHarmonicOfItsDegree()
    {
        // E[y Y_l] = c_l for the unit zonal harmonic Y_l about the target's pole, 0 for a degree not in the mix, and
        // E[y^2] = sum c_l^2; Monte Carlo over 100,000 training points, within 5 standard errors.
        const int M = 100_000;
        var spec = new DataSpec { Source = "sphere", Train = M, Dim = 5, Labels = "harmonics", Harmonics = Mix };
        using var split = spec.Load(seed: 4);
        using var labels = new HarmonicLabels(5, Mix, Seeds.Derive(Seeds.Derive(4, "data"), "harmonics:pole"));
        using var y = split.Train.Targets.reshape(-1);
        void AssertMean(Tensor samples, double expected, string what)
        {
            double mean = samples.mean().item<double>(), standardError = samples.std().item<double>() / Math.Sqrt(M);
            Assert.True(Math.Abs(mean - expected) <= 5 * standardError, $"{what}: {mean} vs {expected} +- {standardError}");
        }
        foreach (var l in new[] { 0, 1, 2, 3, 4, 5 })
        {
            using var harmonic = SphericalHarmonics.UnitZonal(split.Train.Inputs, labels.Pole, l);
            AssertMean(y.mul(harmonic), Mix.FirstOrDefault(t => t.Degree == l)?.Coefficient ?? 0, $"E[y Y_{l}]");
        }
        AssertMean(y.pow(Held(2)), Mix.Sum(t => t.Coefficient * t.Coefficient), "E[y^2]");
        Assert.Contains("1 Y_1 + 0.5 Y_2 + 0.25 Y_4", split.Train.Provenance);
    }

    [Fact]
    public void TrainingAndTestPointsShareOnePoleAndTheSeedFixesEverything()
    {
        var spec = new DataSpec { Source = "sphere", Train = 50, Test = 20, Dim = 3, Labels = "harmonics", Harmonics = [new(2, 1.0)] };
        using var a = spec.Load(seed: 9);
        using var b = spec.Load(seed: 9);
        using var c = spec.Load(seed: 10);
        Assert.True(TensorAssert.Same(a.Train.Targets, b.Train.Targets) && TensorAssert.Same(a.Test!.Targets, b.Test!.Targets));
        Assert.False(a.Train.Targets.allclose(c.Train.Targets));
        // One degree-2 zonal harmonic labels both sets: y = sqrt(5) P_2(x . p) = sqrt(5) (3 (x . p)^2 - 1) / 2 for one p,
        // so (x . p)^2 = (2 y / sqrt(5) + 1) / 3 on every point; recover p from the training set, check the test set.
        using var squares = a.Train.Targets.reshape(-1).mul(Held(2 / Math.Sqrt(5))).add(Held(1), Held(1)).div(Held(3));
        // (x . p)^2 = x^T (p p^T) x is linear in the 6 entries of the symmetric matrix p p^T: solve least squares.
        Tensor Features(Tensor x) => stack([x[.., 0] * x[.., 0], x[.., 1] * x[.., 1], x[.., 2] * x[.., 2],
            x[.., 0].mul(x[.., 1]).mul(Held(2)), x[.., 0].mul(x[.., 2]).mul(Held(2)), x[.., 1].mul(x[.., 2]).mul(Held(2))], 1);
        using var solution = linalg.lstsq(Features(a.Train.Inputs), squares.unsqueeze(1)).Solution;
        using var predicted = Features(a.Test.Inputs).matmul(solution).reshape(-1).mul(Held(3)).sub(Held(1)).mul(Held(Math.Sqrt(5) / 2));
        Assert.True(predicted.allclose(a.Test.Targets.reshape(-1), rtol: 0, atol: 1e-9));
    }

    [Fact]
    public void TheTermsRoundTripThroughTheRunSpec()
    {
        var spec = new RunSpec { Data = new DataSpec { Labels = "harmonics", Harmonics = Mix, Dim = 3 } };
        var back = RunSpec.FromJson(spec.ToJson(), "spec.json");
        Assert.Equal(Mix, back.Data.Harmonics);
        Assert.Contains("\"degree\": 4", spec.ToJson());
    }
}

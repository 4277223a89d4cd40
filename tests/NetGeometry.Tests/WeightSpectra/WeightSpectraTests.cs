using NetGeometry.Models;
using NetGeometry.WeightSpectra;
using static TorchSharp.torch;

namespace NetGeometry.Tests.WeightSpectra;

public class WeightSpectraTests
{
    /// <summary>n draws of a Pareto law p(x) = (alpha - 1) x^-alpha on [1, inf), by inversion: x = U^(-1 / (alpha - 1)).</summary>
    private static double[] Pareto(int n, double alpha, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Math.Pow(1 - random.NextDouble(), -1 / (alpha - 1))).ToArray();
    }

    [Theory]
    [InlineData(1.8, 1)]
    [InlineData(2.5, 2)]
    [InlineData(4.0, 3)]
    public void AlphaRecoversTheExponentOfParetoSamplesWithinItsInterval(double alpha, int seed)
    {
        var fit = PowerLawFit.Fit(Pareto(4000, alpha, seed))!;
        Assert.True(fit.Interval.Contains(alpha), $"alpha {alpha} outside {fit}");
        Assert.Equal((fit.Alpha - 1) / Math.Sqrt(fit.TailCount), fit.StandardError, 1e-12);
        Assert.True(fit.TailCount > 400, $"the KS-chosen x_min should keep much of a pure power law: {fit}");
    }

    [Fact]
    public void XMinIsFoundAboveABodyThatIsNotAPowerLaw()
    {
        // A uniform body on [0, 1] below a Pareto tail from x = 2: the KS distance is smallest for x_min near 2.
        var random = new Random(4);
        var sample = Enumerable.Range(0, 3000).Select(_ => random.NextDouble()).Concat(Pareto(2000, 3, 5).Select(x => 2 * x)).ToArray();
        var fit = PowerLawFit.Fit(sample)!;
        Assert.InRange(fit.XMin, 1.9, 3.0);
        Assert.True(fit.Interval.Contains(3), $"{fit}");
    }

    [Fact]
    public void TooFewPositiveValuesAreNotFitted() => Assert.Null(PowerLawFit.Fit([0, 1, 2, 3, 4, 5, 6, 7, 8]));

    private static Tensor Gaussian(long rows, long columns, double std, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return randn(rows, columns, dtype: ScalarType.Float64, generator: generator).mul(Held(std));
    }

    [Theory]
    [InlineData(2000, 500, 0.7)]
    [InlineData(800, 400, 0.1)]
    public void MarchenkoPasturRecoversAspectRatioAndVarianceOfGaussianMatrices(long rows, long columns, double std)
    {
        var spectrum = LayerSpectrum.Of("w", Gaussian(columns, rows, std, seed: 11)); // wide: transposed to N x M
        var mp = spectrum.MarchenkoPastur;
        Assert.Equal((rows, columns), (spectrum.Rows, spectrum.Columns));
        Assert.Equal((double)rows / columns, mp.AspectRatio);
        Assert.Equal(std * std, mp.Variance, std * std * 0.02);
        Assert.Equal(mp.AspectRatio, mp.FittedAspectRatio, mp.AspectRatio * 0.1);
        Assert.Equal(0, mp.Spikes);
        Assert.InRange(spectrum.Eigenvalues[0], mp.LowerEdge * 0.9, mp.UpperEdge);
        Assert.InRange(spectrum.Eigenvalues[^1], mp.LowerEdge, mp.UpperEdge * 1.05);
    }

    [Fact]
    public void PlantedLowRankSignalsAreCountedAsSpikesAndLeaveTheBulkFit()
    {
        var noise = Gaussian(1000, 400, 1, seed: 12);
        using var generator = new Generator(13);
        var u = randn(1000, 3, dtype: ScalarType.Float64, generator: generator);
        var v = randn(3, 400, dtype: ScalarType.Float64, generator: generator);
        var spectrum = LayerSpectrum.Of("w", noise.add(u.matmul(v).mul(Held(0.5)), Held(1)));
        Assert.Equal(3, spectrum.MarchenkoPastur.Spikes);
        Assert.Equal(1, spectrum.MarchenkoPastur.Variance, 0.05);
    }

    [Fact]
    public void StableRankAndNormsAgreeWithTheMatrix()
    {
        var w = Gaussian(60, 30, 1, seed: 14);
        var spectrum = LayerSpectrum.Of("w", w);
        double frobenius = linalg.norm(w).item<double>(), spectral = linalg.svdvals(w).max().item<double>();
        Assert.Equal(spectral, spectrum.SpectralNorm, 1e-9);
        Assert.Equal(frobenius * frobenius / (spectral * spectral), spectrum.StableRank, 1e-9);
        Assert.Equal(Math.Log10(frobenius), spectrum.LogFrobeniusNorm, 1e-12);
    }

    [Fact]
    public void LayersAreDenseRowsAndConvKernelsReshapedOutByRest()
    {
        var net = nn.Sequential(("conv", nn.Conv2d(3, 8, 3)), ("bn", nn.BatchNorm2d(8)), ("flat", nn.Flatten()), ("fc", nn.Linear(8 * 4 * 4, 5)));
        using var model = Model.FromModule(net);
        var matrices = WeightMatrices.Of(model);
        Assert.Equal(["conv", "fc"], matrices.Select(m => m.Layer));
        Assert.Equal([8L, 27L], matrices[0].Weight.shape);
        Assert.Equal([5L, 128L], matrices[1].Weight.shape);
        var spectra = WeightSpectrum.PerLayer(model);
        Assert.Equal([8L, 5L], spectra.Select(s => s.Columns));
    }
}

using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Networks;
using static NetGeometry.Tests.Kernels.KernelFixtures;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

public class InfiniteWidthTests
{
    /// <summary>The mean relative Frobenius distance between the empirical NTK at initialization and its limit.</summary>
    private static double DistanceToLimit(Func<INetwork> build, Tensor x, NtkOutput output, int seeds)
    {
        double sum = 0;
        for (int seed = 0; seed < seeds; seed++)
        {
            using var net = build();
            net.Initialize(100 + seed);
            using var empirical = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Output = output });
            using var limit = InfiniteWidthKernel.For(net)!.Ntk(x, output: output);
            sum += KernelDiagnostics.RelativeFrobeniusDistance(empirical, limit);
        }
        return sum / seeds;
    }

    [Fact]
    public void WideReluMlpKernelsApproachTheArcCosineNtkLikeOneOverSqrtWidth()
    {
        using var x = UnitInputs(12, 21, dim: 6);
        int[] widths = { 64, 256, 1024, 4096 };
        var errors = widths.Select(w => DistanceToLimit(
            () => new Mlp(6, new[] { w, w }, 1, Activation.Relu, Parameterization.Ntk, bias: false), x, NtkOutput.Traced, seeds: 3)).ToArray();
        // Least-squares slope of log(error) against log(width); the theory says -1/2.
        var lx = widths.Select(w => Math.Log(w)).ToArray();
        var ly = errors.Select(e => Math.Log(e)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double slope = lx.Zip(ly, (a, b) => (a - mx) * (b - my)).Sum() / lx.Sum(a => (a - mx) * (a - mx));
        Assert.True(slope is > -0.7 and < -0.35, $"slope {slope:F3}, errors {string.Join(", ", errors.Select(e => e.ToString("G3")))}");
        Assert.True(errors[^1] < 0.05, $"at width {widths[^1]} the error is {errors[^1]:G3}");
    }

    [Theory]
    [InlineData(Activation.Relu, true, 2)]
    [InlineData(Activation.Identity, false, 1)]
    [InlineData(Activation.Identity, true, 2)]
    public void OtherMlpLimitsAreApproachedAsWidthGrows(Activation activation, bool bias, int outputs)
    {
        using var x = Inputs(8, 4, dim: 3);
        INetwork Build(int w) => new Mlp(3, new[] { w, w }, outputs, activation, Parameterization.Ntk, bias: bias, weightStd: 1.3, biasStd: 0.4);
        double narrow = DistanceToLimit(() => Build(32), x, NtkOutput.Full, seeds: 3);
        double wide = DistanceToLimit(() => Build(1024), x, NtkOutput.Full, seeds: 3);
        // 32 times wider: the error should shrink about 5.7-fold.
        Assert.True(wide < narrow / 3.5 && wide < 0.12, $"width 32: {narrow:G3}, width 1024: {wide:G3}");
    }

    [Fact]
    public void TheNngpIsTheCovarianceOfOutputsOverRandomNetworks()
    {
        using var x = Inputs(4, 6, dim: 3);
        const int networks = 3000;
        using var outputs = zeros(networks, 4, dtype: float64);
        using var net = new Mlp(3, new[] { 64, 64 }, 1, Activation.Relu, Parameterization.Ntk, bias: true, biasStd: 0.5);
        for (int s = 0; s < networks; s++)
        {
            net.Initialize(s);
            using var _ = no_grad();
            using var f = net.Forward(x);
            outputs[s].copy_(f.squeeze(1));
        }
        using var covariance = outputs.t().mm(outputs).div(Held(networks));
        using var nngp = InfiniteWidthKernel.For(net)!.Nngp(x);
        double error = RelativeError(covariance, nngp);
        Assert.True(error < 0.08, $"Monte Carlo covariance vs NNGP: relative error {error:G3}");
    }

    [Fact]
    public void HInfinityMatchesAMonteCarloEstimate()
    {
        using var x = UnitInputs(6, 2, dim: 4);
        using var g = Seeds.Generator(17);
        const int samples = 400_000;
        using var w = randn(4, samples, generator: g, dtype: float64);
        using var active = x.mm(w).ge(Held(0)).to(float64);
        // E_w[x_i . x_j 1{w . x_i >= 0, w . x_j >= 0}] (Du et al. 2019)
        using var estimate = x.mm(x.t()).mul(active.mm(active.t()).div(Held(samples)));
        using var closed = DuGram.HInfinity(x);
        using var error = closed.sub(estimate).abs().max();
        Assert.True(error.item<double>() < 4e-3, $"max deviation {error.item<double>():G3}");
        using var diagonal = closed.diagonal();
        Assert.True(diagonal.allclose(full(6, Held(0.5), dtype: float64)), "unit inputs: the diagonal is 1/2");
        using var net = new TwoLayerRelu(4, 10);
        using var limit = InfiniteWidthKernel.For(net)!.Ntk(x);
        Assert.True(RelativeError(limit, closed) < 1e-14, "the two-layer network's limit is H-inf");
    }

    [Fact]
    public void LambdaZeroIsPositiveInGeneralPositionAndVanishesWhenTwoPointsCoincide()
    {
        using var x = UnitInputs(20, 8, dim: 5);
        using var hInf = DuGram.HInfinity(x);
        double lambda0 = KernelDiagnostics.Spectrum(hInf).LambdaMin;
        Assert.True(lambda0 > 1e-3, $"lambda_0 = {lambda0}");
        using var net = new TwoLayerRelu(5, 200);
        net.Initialize(1);
        using var ntk = EmpiricalNtk.Compute(net, x);
        Assert.True(KernelDiagnostics.Spectrum(ntk).LambdaMin > 1e-4);

        // x_19 := x_0: two equal rows, so the kernel is singular.
        using var twin = x.clone();
        twin[19].copy_(x[0]);
        using var hTwin = DuGram.HInfinity(twin);
        var spectrum = KernelDiagnostics.Spectrum(hTwin);
        Assert.True(Math.Abs(spectrum.LambdaMin) < 1e-12 * spectrum.LambdaMax, $"lambda_0 = {spectrum.LambdaMin}");
        using var ntkTwin = EmpiricalNtk.Compute(net, twin);
        var empirical = KernelDiagnostics.Spectrum(ntkTwin);
        Assert.True(Math.Abs(empirical.LambdaMin) < 1e-12 * empirical.LambdaMax, $"empirical lambda_min = {empirical.LambdaMin}");
    }

    [Fact]
    public void NetworksWithoutAClosedFormHaveNoLimitKernel()
    {
        using var tanh = new Mlp(3, new[] { 8 }, 1, Activation.Tanh, Parameterization.Ntk);
        using var standard = new Mlp(3, new[] { 8 }, 1, Activation.Relu, Parameterization.Standard);
        using var residual = new ResidualMlp(3, 8, 2, 1, Activation.Relu, Parameterization.Ntk);
        Assert.Null(InfiniteWidthKernel.For(tanh));
        Assert.Null(InfiniteWidthKernel.For(standard));
        Assert.Null(InfiniteWidthKernel.For(residual));
    }
}

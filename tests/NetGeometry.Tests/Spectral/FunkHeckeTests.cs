using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Spectral;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Spectral;

public class FunkHeckeTests
{
    [Fact]
    public void OnTheCircleTheReluKernelsHaveClosedFormFourierCoefficients()
    {
        // d = 2: mu_l = (1/pi) int_0^pi kappa(cos theta) cos(l theta) d theta, and int_0^pi (pi - theta) cos(k theta) d theta
        // is pi^2/2 for k = 0 and (1 - (-1)^k) / k^2 otherwise. Du's kappa = cos theta (pi - theta) / (2 pi) gives
        // mu_0 = 1/pi^2, mu_1 = 1/8, mu_l = (1/(2 pi^2)) (1/(l-1)^2 + 1/(l+1)^2) for even l, 0 for odd l >= 3;
        // k_0 = (pi - theta)/pi gives mu_0 = 1/2, mu_l = 2/(pi^2 l^2) for odd l, 0 for even l >= 2.
        var du = FunkHecke.Eigenvalues(ZonalKernels.Du, 2, 12);
        var k0 = FunkHecke.Eigenvalues(ZonalKernels.ArcCosine0, 2, 12);
        Assert.True(du.Converged && k0.Converged);
        double pi2 = Math.PI * Math.PI;
        for (int l = 0; l <= 12; l++)
        {
            double expectedDu = l switch
            {
                0 => 1 / pi2,
                1 => 1.0 / 8,
                _ when l % 2 == 1 => 0,
                _ => (1.0 / ((l - 1) * (l - 1)) + 1.0 / ((l + 1) * (l + 1))) / (2 * pi2),
            };
            double expectedK0 = l == 0 ? 0.5 : l % 2 == 1 ? 2 / (pi2 * l * l) : 0;
            Assert.Equal(expectedDu, du[l].Mu, 1e-14);
            Assert.Equal(expectedK0, k0[l].Mu, 1e-14);
            Assert.Equal(l == 0 ? 1 : 2, du[l].Multiplicity);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(1000)]
    public void SuAndYangsKernelHasMuOneEqualOneOverFourDAndNoOddDegreesAboveOne(int d)
    {
        // kappa(t) = t/4 + t arcsin(t) / (2 pi) with t arcsin t even: only t/4 = P_{1,d}(t)/4 is odd, so mu_1 = 1/(4d).
        var spectrum = FunkHecke.Eigenvalues(ZonalKernels.Du, d, 9);
        Assert.True(spectrum.Converged);
        Assert.Equal(1.0 / (4 * d), spectrum[1].Mu, 1e-15);
        foreach (var l in new[] { 3, 5, 7, 9 }) Assert.True(Math.Abs(spectrum[l].Mu) <= 1e-15, $"d = {d}: mu_{l} = {spectrum[l].Mu}");
        foreach (var l in new[] { 0, 2, 4, 6, 8 }) Assert.True(spectrum[l].Mu > 0, $"d = {d}: mu_{l} = {spectrum[l].Mu}");
        Assert.All(spectrum.Eigenvalues, e => Assert.True(e.ErrorEstimate <= 1e-13 * 0.5));
    }

    [Fact]
    public void OnTheTwoSphereMuZeroIsOneSixteenth()
    {
        // d = 3: t is uniform on [-1, 1], so mu_0 = (1/2) int t arcsin(t) / (2 pi) dt = (1/(4 pi)) (pi/4) = 1/16.
        Assert.Equal(1.0 / 16, FunkHecke.Eigenvalues(ZonalKernels.Du, 3, 0)[0].Mu, 1e-15);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(12)]
    public void PolynomialKernelsHaveTheirMomentsAsEigenvalues(int d)
    {
        // With E[t^2] = 1/d, E[t^4] = 3/(d(d+2)), E[t^6] = 15/(d(d+2)(d+4)) and P_{2,d} = (d t^2 - 1)/(d - 1),
        // P_{3,d} = ((d+2) t^3 - 3t)/(d - 1): kappa = t^2 has mu_0 = 1/d, mu_2 = 2/(d(d+2)); kappa = t^3 has
        // mu_1 = 3/(d(d+2)), mu_3 = 6/(d(d+2)(d+4)); every other mu_l is 0.
        var square = FunkHecke.Eigenvalues(new ZonalKernel("t^2", "t^2", t => t.pow(Held(2))), d, 5);
        var cube = FunkHecke.Eigenvalues(new ZonalKernel("t^3", "t^3", t => t.pow(Held(3))), d, 5);
        double[] expectedSquare = [1.0 / d, 0, 2.0 / (d * (d + 2)), 0, 0, 0];
        double[] expectedCube = [0, 3.0 / (d * (d + 2)), 0, 6.0 / (d * (d + 2) * (d + 4)), 0, 0];
        for (int l = 0; l <= 5; l++)
        {
            Assert.Equal(expectedSquare[l], square[l].Mu, 1e-15);
            Assert.Equal(expectedCube[l], cube[l].Mu, 1e-15);
        }
    }

    [Fact]
    public void TheErrorEstimateBoundsTheErrorOfAKernelWithAKink()
    {
        // kappa(t) = |t| has a kink at theta = pi/2, so the rule converges only algebraically. On S^2 (t uniform on
        // [-1, 1]): mu_0 = E|t| = 1/2 and mu_2 = E[|t| (3t^2 - 1)/2] = 1/8.
        var spectrum = FunkHecke.Eigenvalues(new ZonalKernel("|t|", "|t|", t => t.abs()), 3, 2);
        Assert.False(spectrum.Converged);
        Assert.Equal(FunkHecke.MaxNodes, spectrum.Nodes);
        foreach (var (l, exact) in new[] { (0, 0.5), (2, 0.125) })
        {
            double error = Math.Abs(spectrum[l].Mu - exact);
            Assert.True(error <= spectrum[l].ErrorEstimate, $"mu_{l}: error {error} above the estimate {spectrum[l].ErrorEstimate}");
            Assert.True(spectrum[l].ErrorEstimate < 1e-6, $"mu_{l}: estimate {spectrum[l].ErrorEstimate}");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    public void MonteCarloOverTheSphereAgreesWithTheQuadrature(int d)
    {
        // The Funk-Hecke statement itself: E_s[kappa(x . s) Y(s)] = mu_l Y(x) for a degree-l harmonic Y, estimated with
        // M uniform points s at a few x, for every real basis function of degree l <= 4, within 5 standard errors.
        const int M = 100_000;
        using var s = SphereInputs.Sample(M, d, 21).Inputs;
        using var x = SphereInputs.Sample(3, d, 22).Inputs;
        var spectrum = FunkHecke.Eigenvalues(ZonalKernels.ReluNtk, d, 4);
        using var kernel = ZonalKernels.ReluNtk.At(x.matmul(s.t())); // 3 x M
        for (int l = 0; l <= 4; l++)
        {
            using var ys = SphericalHarmonics.Basis(s, l);              // M x N
            using var yx = SphericalHarmonics.Basis(x, l);              // 3 x N
            using var estimate = kernel.matmul(ys).div(Held(M));
            using var secondMoment = kernel.pow(Held(2)).matmul(ys.pow(Held(2))).div(Held(M));
            using var standardError = secondMoment.sub(estimate.pow(Held(2))).div(Held(M)).sqrt();
            using var deviation = estimate.sub(yx.mul(Held(spectrum[l].Mu))).abs();
            using var excess = deviation.sub(standardError.mul(Held(5)));
            Assert.True(excess.max().item<double>() <= 0, $"d = {d}, l = {l}: deviation {deviation.max().item<double>():G3}");
        }
    }

    [Fact]
    public void BadArgumentsAndUnknownKernelsAreInputErrors()
    {
        Assert.Contains("d = 1", Assert.Throws<InputException>(() => FunkHecke.Eigenvalues(ZonalKernels.Du, 1, 3)).Message);
        Assert.Contains("0 to 1000", Assert.Throws<InputException>(() => FunkHecke.Eigenvalues(ZonalKernels.Du, 3, -1)).Message);
        Assert.Contains("0 to 1000", Assert.Throws<InputException>(() => FunkHecke.Eigenvalues(ZonalKernels.Du, 3, 100_000_000)).Message);
        Assert.Contains("up to 100000", Assert.Throws<InputException>(() => FunkHecke.Eigenvalues(ZonalKernels.Du, 1_000_000_000, 3)).Message);
        var e = Assert.Throws<InputException>(() => ZonalKernels.Named("rbf"));
        Assert.Contains("du", e.Message);
        Assert.Same(ZonalKernels.Du, ZonalKernels.Named("DU"));
    }

    [Fact]
    public void TheNamedKernelsAgreeWithTheirDefinitionsAsExpectations()
    {
        // du(t) = E[t 1{w.x >= 0, w.s >= 0}], relu-nngp(t) = E[relu(w.x) relu(w.s)] over w ~ N(0, I_3), by Monte Carlo.
        const int M = 400_000;
        using var g = Seeds.Generator(4);
        using var w = randn(M, 3, generator: g, dtype: float64);
        double angle = 1.1;
        using var x = tensor(new[] { 1.0, 0, 0 });
        using var s = tensor(new[] { Math.Cos(angle), Math.Sin(angle), 0 });
        using var wx = w.matmul(x);
        using var ws = w.matmul(s);
        using var both = wx.ge(Held(0)).logical_and(ws.ge(Held(0))).to_type(ScalarType.Float64).mul(Held(Math.Cos(angle)));
        using var relus = nn.functional.relu(wx).mul(nn.functional.relu(ws));
        using var t = tensor(new[] { Math.Cos(angle) });
        foreach (var (kernel, samples) in new[] { (ZonalKernels.Du, both), (ZonalKernels.ReluNngp, relus) })
        {
            double mean = samples.mean().item<double>(), standardError = samples.std().item<double>() / Math.Sqrt(M);
            using var exact = kernel.At(t);
            Assert.True(Math.Abs(exact.item<double>() - mean) <= 5 * standardError, $"{kernel.Name}: {exact.item<double>()} vs {mean} +- {standardError}");
        }
        using var ntk = ZonalKernels.ReluNtk.At(t);
        using var parts = ZonalKernels.Du.At(t).add(ZonalKernels.ReluNngp.At(t), Held(1));
        Assert.Equal(parts.item<double>(), ntk.item<double>(), 1e-15);
        using var k1 = ZonalKernels.ArcCosine1.At(t);
        using var nngp = ZonalKernels.ReluNngp.At(t);
        Assert.Equal(k1.item<double>() / 2, nngp.item<double>(), 1e-15);
    }
}

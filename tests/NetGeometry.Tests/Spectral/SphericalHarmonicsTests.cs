using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Spectral;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Spectral;

public class SphericalHarmonicsTests
{
    private static Tensor Sphere(int count, int d, long seed) => SphereInputs.Sample(count, d, seed).Inputs;

    [Theory]
    [InlineData(2, 6)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(6, 4)]
    [InlineData(10, 4)]
    public void TheBasisSatisfiesTheAdditionTheorem(int d, int maxDegree)
    {
        // sum_m Y_m(x) Y_m(s) = N(d, l) P_{l,d}(x . s) for any orthonormal basis of degree l (Atkinson & Han, Ch. 2).
        using var x = Sphere(20, d, 1);
        using var s = Sphere(15, d, 2);
        for (int l = 0; l <= maxDegree; l++)
        {
            using var yx = SphericalHarmonics.Basis(x, l);
            using var ys = SphericalHarmonics.Basis(s, l);
            Assert.Equal(HarmonicMultiplicity.Of(d, l), yx.shape[1]);
            using var sum = yx.matmul(ys.t());
            using var zonal = SphericalHarmonics.Zonal(x, s, l);
            double error = sum.sub(zonal).abs().max().item<double>();
            Assert.True(error <= 1e-11 * HarmonicMultiplicity.Of(d, l), $"d = {d}, l = {l}: addition theorem off by {error}");
        }
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(5, 3)]
    public void TheBasisIsOrthonormalByMonteCarlo(int d, int maxDegree)
    {
        // G = (1/M) sum_k Y(x_k) Y(x_k)^T over M uniform points estimates E[Y Y^T] = I. Entry (i, j) has standard error
        // sqrt(Var(Y_i Y_j) / M), Var estimated from the same sample as E[Y_i^2 Y_j^2] - G_ij^2; every entry must lie
        // within 5 standard errors.
        const int M = 100_000;
        using var x = Sphere(M, d, 7);
        using var y = cat(Enumerable.Range(0, maxDegree + 1).Select(l => SphericalHarmonics.Basis(x, l)).ToList(), 1);
        long count = y.shape[1];
        Assert.Equal(Enumerable.Range(0, maxDegree + 1).Sum(l => HarmonicMultiplicity.Of(d, l)), count);
        using var gram = y.t().matmul(y).div(Held(M));
        using var squares = y.pow(Held(2));
        using var variance = squares.t().matmul(squares).div(Held(M)).sub(gram.pow(Held(2))).clamp_min(Held(0)); // rounding can leave -0 for constants
        using var standardError = variance.div(Held(M)).sqrt();
        using var deviation = gram.sub(eye(count, dtype: float64)).abs();
        using var excess = deviation.sub(standardError.mul(Held(5)).add(Held(1e-12), Held(1)));
        Assert.True(excess.max().item<double>() <= 0,
            $"largest deviation {deviation.max().item<double>():G3} beyond 5 standard errors");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void EachBasisFunctionIsAHomogeneousHarmonicPolynomialOfItsDegree(int d)
    {
        // Y(c x) = c^l Y(x), and the Laplacian vanishes (central differences, exact up to h^2 f''''/12 for degree <= 4).
        using var g = Seeds.Generator(11);
        using var x = randn(5, d, generator: g, dtype: float64);
        const double h = 1e-3;
        for (int l = 0; l <= 4; l++)
        {
            using var y = SphericalHarmonics.Basis(x, l);
            using var scaled = SphericalHarmonics.Basis(x.mul(Held(1.7)), l);
            Assert.True(scaled.allclose(y.mul(Held(Math.Pow(1.7, l))), rtol: 1e-11, atol: 1e-11), $"l = {l}: not homogeneous");
            using var laplacian = zeros_like(y);
            for (int i = 0; i < d; i++)
            {
                using var step = zeros(1, d, dtype: float64);
                step[0, i] = h;
                using var plus = SphericalHarmonics.Basis(x.add(step, Held(1)), l);
                using var minus = SphericalHarmonics.Basis(x.sub(step), l);
                laplacian.add_(plus.add(minus, Held(1)).sub(y.mul(Held(2))).div(Held(h * h)), Held(1));
            }
            double scale = Math.Max(1, y.abs().max().item<double>());
            Assert.True(laplacian.abs().max().item<double>() <= 1e-4 * scale, $"l = {l}: Laplacian {laplacian.abs().max().item<double>()}");
        }
    }

    [Fact]
    public void LabelsCountTheGelfandTsetlinChainsAndTooLargeBasesAreRefused()
    {
        var labels = SphericalHarmonics.Labels(4, 3);
        Assert.Equal(HarmonicMultiplicity.Of(4, 3), labels.Count);
        Assert.All(labels, label => Assert.True(label.Degrees.Zip(label.Degrees.Skip(1), (a, b) => a >= b).All(ok => ok)));
        Assert.Equal(labels.Count, labels.Select(l => l.ToString()).Distinct().Count());
        Assert.Contains("zonal harmonics", Assert.Throws<InputException>(() => SphericalHarmonics.Labels(400, 4)).Message);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(8, 4)]
    public void UnitZonalHarmonicsHaveUnitMeanSquare(int d, int l)
    {
        const int M = 200_000;
        using var x = Sphere(M, d, 5);
        using var pole = Sphere(1, d, 6);
        using var y = SphericalHarmonics.UnitZonal(x, pole, l);
        using var squares = y.pow(Held(2));
        double mean = squares.mean().item<double>(), standardError = squares.std().item<double>() / Math.Sqrt(M);
        Assert.True(Math.Abs(mean - 1) <= 5 * standardError, $"E[Y^2] = {mean} +- {standardError}");
    }
}

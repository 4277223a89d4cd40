using NetGeometry.Numerics;
using NetGeometry.Spectral;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Spectral;

public class GegenbauerTests
{
    private static readonly double[] Points = [-1, -0.83, -0.5, -0.1, 0, 0.27, 0.6, 0.95, 1];

    private static double[] Values(Tensor t) => t.data<double>().ToArray();

    private static void AssertClose(Func<double, double> expected, Tensor actual, double tolerance = 1e-13)
    {
        var values = Values(actual);
        for (int i = 0; i < Points.Length; i++)
            Assert.True(Math.Abs(expected(Points[i]) - values[i]) <= tolerance * Math.Max(1, Math.Abs(expected(Points[i]))),
                $"t = {Points[i]}: expected {expected(Points[i])}, got {values[i]}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(7.0)]
    public void TheRecurrenceGivesTheExplicitLowDegreePolynomials(double lambda)
    {
        // DLMF 18.5.10: C_2 = 2 lambda (1 + lambda) t^2 - lambda; C_3 = (4/3) lambda (1+lambda)(2+lambda) t^3 - 2 lambda (1 + lambda) t.
        using var t = tensor(Points);
        using var c2 = Gegenbauer.C(2, lambda, t);
        using var c3 = Gegenbauer.C(3, lambda, t);
        AssertClose(x => 2 * lambda * (1 + lambda) * x * x - lambda, c2);
        AssertClose(x => 4.0 / 3 * lambda * (1 + lambda) * (2 + lambda) * x * x * x - 2 * lambda * (1 + lambda) * x, c3);
        foreach (var n in new[] { 0, 1, 4, 9 })
        {
            using var one = Gegenbauer.C(n, lambda, ones(1, dtype: float64));
            Assert.Equal(Gegenbauer.AtOne(n, lambda), one.item<double>(), 1e-12 * Gegenbauer.AtOne(n, lambda));
        }
    }

    [Fact]
    public void SpecialParametersAreLegendreAndChebyshevOfTheSecondKind()
    {
        using var t = tensor(Points);
        using var legendre4 = Gegenbauer.C(4, 0.5, t);
        AssertClose(x => (35 * Math.Pow(x, 4) - 30 * x * x + 3) / 8, legendre4);
        using var u5 = Gegenbauer.C(5, 1.0, t);
        // U_5(cos theta) = sin(6 theta) / sin(theta); at t = +-1 the limit is 6 (+-1)^5.
        AssertClose(x => Math.Abs(x) == 1 ? 6 * Math.Pow(x, 5) : Math.Sin(6 * Math.Acos(x)) / Math.Sin(Math.Acos(x)), u5, 1e-12);
    }

    [Fact]
    public void TheHomogeneousFormIsRhoToTheNTimesCOfXOverRho()
    {
        using var g = NetGeometry.Engine.Seeds.Generator(3);
        using var x = randn(50, generator: g, dtype: float64);
        using var rho = rand(50, generator: g, dtype: float64).add_(Held(0.5), Held(1));
        using var rho2 = rho.pow(Held(2));
        var homogeneous = Gegenbauer.Homogeneous(6, 1.5, x, rho2);
        using var ratio = x.div(rho);
        var plain = Gegenbauer.Homogeneous(6, 1.5, ratio);
        for (int n = 0; n <= 6; n++)
        {
            using var expected = plain[n].mul(rho.pow(Held(n)));
            Assert.True(homogeneous[n].allclose(expected, rtol: 1e-11, atol: 1e-11), $"n = {n}");
        }
        foreach (var c in homogeneous.Concat(plain)) c.Dispose();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(101)]
    public void LegendreOfDDimensionsIsGegenbauerOverItsValueAtOne(int d)
    {
        using var t = tensor(Points);
        var p = Gegenbauer.Legendre(d, 7, t);
        for (int l = 0; l <= 7; l++)
        {
            Assert.Equal(1.0, Values(p[l])[^1], 1e-13); // P_{l,d}(1) = 1
            if (d == 2)
                AssertClose(x => Math.Cos(l * Math.Acos(x)), p[l]); // Chebyshev T_l
            else
            {
                double nu = (d - 2) / 2.0;
                using var c = Gegenbauer.C(l, nu, t);
                using var normalized = c.div(Held(Gegenbauer.AtOne(l, nu)));
                Assert.True(p[l].allclose(normalized, rtol: 1e-12, atol: 1e-13), $"d = {d}, l = {l}");
            }
        }
        foreach (var x in p) x.Dispose();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(30)]
    public void LegendrePolynomialsAreOrthogonalWithSquaredNormOneOverTheMultiplicity(int d)
    {
        // For t = x . e, x uniform on S^(d-1): E[P_{l,d}(t) P_{k,d}(t)] = delta_lk / N(d, l), by exact Gauss-Legendre
        // quadrature in theta of the density c_d sin^(d-2) theta (a polynomial in cos and sin of theta).
        var rule = GaussLegendre.Rule(80);
        using var theta = tensor(rule.Nodes).add(Held(1), Held(1)).mul(Held(Math.PI / 2));
        using var t = theta.cos();
        using var w = tensor(rule.Weights).mul(Held(Math.PI / 2 * SphereDimension.SliceConstant(d))).mul(theta.sin().pow(Held(d - 2)));
        var p = Gegenbauer.Legendre(d, 6, t);
        for (int l = 0; l <= 6; l++)
            for (int k = 0; k <= l; k++)
            {
                double inner = p[l].mul(p[k]).mul(w).sum().item<double>();
                Assert.Equal(l == k ? 1.0 / HarmonicMultiplicity.Of(d, l) : 0.0, inner, 1e-13);
            }
        foreach (var x in p) x.Dispose();
    }
}

using NetGeometry.Numerics;
using static TorchSharp.torch;

namespace NetGeometry.Spectral;

/// <summary>
/// Gegenbauer (ultraspherical) polynomials C_n^lambda and the Legendre polynomials of d dimensions
/// P_{l,d}(t) = C_l^nu(t) / C_l^nu(1), nu = (d - 2)/2, the zonal functions of the sphere S^(d-1) (Atkinson &amp; Han,
/// Spherical Harmonics and Approximations on the Unit Sphere, 2012, Ch. 2). Values are computed elementwise on a
/// tensor by three-term recurrences, which are stable for |t| &lt;= 1.
/// </summary>
public static class Gegenbauer
{
    /// <summary>
    /// C_0^lambda, ..., C_maxN^lambda at x, or, when <paramref name="rho2"/> (rho^2) is given, their homogeneous forms
    /// rho^n C_n^lambda(x / rho), which are polynomials in x and rho^2 (C_n has the parity of n), so no division by rho
    /// occurs. Recurrence (DLMF 18.9.1): (n+1) C_{n+1} = 2 (n+lambda) x C_n - (n+2 lambda-1) rho^2 C_{n-1},
    /// C_0 = 1, C_1 = 2 lambda x. The caller owns the returned tensors.
    /// </summary>
    public static Tensor[] Homogeneous(int maxN, double lambda, Tensor x, Tensor? rho2 = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxN);
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Gegenbauer C_n^lambda needs lambda > 0.");
        var c = new Tensor[maxN + 1];
        c[0] = ones_like(x);
        if (maxN >= 1) c[1] = x.mul(Held(2 * lambda));
        for (int n = 1; n < maxN; n++)
        {
            using var previous = rho2 is null ? c[n - 1].mul(Held(n + 2 * lambda - 1)) : c[n - 1].mul(rho2).mul_(Held(n + 2 * lambda - 1));
            c[n + 1] = x.mul(c[n]).mul_(Held(2 * (n + lambda))).sub_(previous).div_(Held(n + 1));
        }
        return c;
    }

    /// <summary>C_n^lambda(t) elementwise.</summary>
    public static Tensor C(int n, double lambda, Tensor t)
    {
        var all = Homogeneous(n, lambda, t);
        for (int i = 0; i < n; i++) all[i].Dispose();
        return all[n];
    }

    /// <summary>C_n^lambda(1) = Gamma(n + 2 lambda) / (Gamma(2 lambda) n!) (DLMF 18.6.1).</summary>
    public static double AtOne(int n, double lambda) =>
        Math.Exp(SpecialFunctions.LogGamma(n + 2 * lambda) - SpecialFunctions.LogGamma(2 * lambda) - SpecialFunctions.LogGamma(n + 1));

    /// <summary>
    /// P_{0,d}, ..., P_{maxL,d} at t for any d &gt;= 2 (d = 2 gives the Chebyshev polynomials T_l, d = 3 Legendre's P_l),
    /// by the recurrence (l + d - 2) P_{l+1,d}(t) = (2l + d - 2) t P_{l,d}(t) - l P_{l-1,d}(t), P_0 = 1, P_1 = t
    /// (Atkinson &amp; Han 2012, Ch. 2, the recursion formula). P_{l,d}(1) = 1. The caller owns the returned tensors.
    /// </summary>
    public static Tensor[] Legendre(int d, int maxL, Tensor t)
    {
        if (d < 2) throw new ArgumentOutOfRangeException(nameof(d), d, "the sphere S^(d-1) needs d >= 2.");
        ArgumentOutOfRangeException.ThrowIfNegative(maxL);
        var p = new Tensor[maxL + 1];
        p[0] = ones_like(t);
        if (maxL >= 1) p[1] = t.clone();
        for (int l = 1; l < maxL; l++)
        {
            using var previous = p[l - 1].mul(Held(l));
            p[l + 1] = t.mul(p[l]).mul_(Held(2 * l + d - 2)).sub_(previous).div_(Held(l + d - 2));
        }
        return p;
    }
}

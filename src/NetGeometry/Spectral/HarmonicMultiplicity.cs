using System.Numerics;
using NetGeometry.Engine;

namespace NetGeometry.Spectral;

/// <summary>
/// N(d, l), the dimension of the space of spherical harmonics of degree l on S^(d-1): the multiplicity of the
/// eigenvalue mu_l of a zonal kernel's integral operator (Su &amp; Yang 2019, Sec. 4; Atkinson &amp; Han 2012, Ch. 2):
/// N(d, l) = C(l + d - 1, l) - C(l + d - 3, l - 2), the homogeneous polynomials of degree l minus |x|^2 times those of
/// degree l - 2. Computed with big integers, returned as a double: exact up to 2^53 (9e15), correctly rounded beyond
/// (N(1000, 8) is 2.5e19), so any dimension and degree can be asked about.
/// </summary>
public static class HarmonicMultiplicity
{
    /// <summary>N(d, l) for d &gt;= 2 and l &gt;= 0.</summary>
    /// <exception cref="InputException">d is below 2 or l is negative.</exception>
    public static double Of(int d, int l)
    {
        SphereDimension.Require(d);
        InputException.Require(l >= 0, $"a harmonic degree must be 0 or more, got {l}.");
        return (double)(Binomial(l + d - 1, l) - (l >= 2 ? Binomial(l + d - 3, l - 2) : BigInteger.Zero));
    }

    private static BigInteger Binomial(int n, int k)
    {
        BigInteger b = BigInteger.One;
        for (int i = 1; i <= k; i++) b = b * (n - k + i) / i; // exact: b is C(n - k + i, i) after each step
        return b;
    }
}

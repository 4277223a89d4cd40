using NetGeometry.Numerics;
using NetGeometry.Engine;

namespace NetGeometry.Spectral;

/// <summary>The sphere S^(d-1) of the spectral code: d is the ambient dimension, at least 2.</summary>
public static class SphereDimension
{
    /// <summary>Throws an <see cref="InputException"/> unless d &gt;= 2.</summary>
    internal static void Require(int d) =>
        InputException.Require(d >= 2, $"the sphere S^(d-1) needs an input dimension d of at least 2, got d = {d}.");

    /// <summary>The density constant of t = x . e for x uniform on S^(d-1): t has density
    /// c_d (1 - t^2)^((d-3)/2) on [-1, 1], c_d = Gamma(d/2) / (sqrt(pi) Gamma((d-1)/2)) (Su &amp; Yang 2019, Sec. 4).</summary>
    public static double SliceConstant(int d) =>
        Math.Exp(SpecialFunctions.LogGamma(d / 2.0) - 0.5 * Math.Log(Math.PI) - SpecialFunctions.LogGamma((d - 1) / 2.0));
}

namespace NetGeometry.Numerics;

/// <summary>
/// The log-gamma function, behind the normalizations of Gegenbauer polynomials and of the sphere's measure: Press,
/// Teukolsky, Vetterling &amp; Flannery, Numerical Recipes (3rd ed., 2007), gammln (Sec. 6.1, Lanczos' approximation).
/// Kept by hand rather than MathNet.Numerics' SpecialFunctions.GammaLn, which is good to about 14 digits (its own
/// note) against gammln's 15: with GammaLn, GegenbauerTests' orthogonality check at d = 30 (1e-13, through
/// SphereDimension.SliceConstant) fails by 1.9e-13.
/// </summary>
internal static class SpecialFunctions
{
    private static readonly double[] LanczosCoefficients =
    [
        57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
        .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
        -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
        -.261908384015814087e-4, .368991826595316234e-5,
    ];

    /// <summary>ln Gamma(x) for x &gt; 0 (Numerical Recipes gammln; relative error below 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "LogGamma needs x > 0.");
        double y = x, tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.Log(tmp) - tmp;
        double series = 0.999999999999997092;
        foreach (var c in LanczosCoefficients) series += c / ++y;
        return tmp + Math.Log(2.5066282746310005 * series / x);
    }
}

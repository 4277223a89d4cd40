namespace NetGeometry.Statistics;

/// <summary>
/// The log-gamma function and the regularized incomplete beta function, the special functions behind Student's
/// t distribution (and, log-gamma, the normalizations of Gegenbauer polynomials and of the sphere's measure). Both follow Press, Teukolsky, Vetterling &amp; Flannery, Numerical Recipes (3rd ed., 2007):
/// gammln (Sec. 6.1, Lanczos' approximation) and betai with its continued fraction betacf (Sec. 6.4, eq. 6.4.5,
/// evaluated by the modified Lentz method, Sec. 5.2).
/// </summary>
public static class SpecialFunctions
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

    /// <summary>I_x(a, b), the regularized incomplete beta function, for a, b &gt; 0 and 0 &lt;= x &lt;= 1.</summary>
    public static double RegularizedIncompleteBeta(double a, double b, double x)
    {
        if (!(a > 0 && b > 0)) throw new ArgumentOutOfRangeException(nameof(a), "the incomplete beta function needs a, b > 0.");
        if (!(x >= 0 && x <= 1)) throw new ArgumentOutOfRangeException(nameof(x), x, "the incomplete beta function needs 0 <= x <= 1.");
        if (x == 0 || x == 1) return x;
        // The prefactor x^a (1-x)^b / B(a, b), then the continued fraction where it converges fast (NR eq. 6.4.5).
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(a, b, x) / a
            : 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
    }

    /// <summary>The continued fraction of the incomplete beta function (NR betacf, modified Lentz).</summary>
    private static double BetaContinuedFraction(double a, double b, double x)
    {
        const int maxIterations = 10_000;
        const double epsilon = 1e-16, tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= maxIterations; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d; if (Math.Abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < epsilon) return h;
        }
        throw new InvalidOperationException($"the incomplete beta continued fraction did not converge (a={a}, b={b}, x={x}).");
    }
}

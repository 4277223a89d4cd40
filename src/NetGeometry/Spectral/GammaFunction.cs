namespace NetGeometry.Spectral;

/// <summary>
/// log Gamma(x) for x &gt; 0 by the Lanczos approximation with g = 7 and nine coefficients (Lanczos 1964, SIAM J.
/// Numer. Anal. B 1, 86; the coefficients of Godfrey's table, as in Press et al., Numerical Recipes, 3rd ed., Sec. 6.1):
/// Gamma(x + 1) = sqrt(2 pi) (x + g + 1/2)^(x + 1/2) e^-(x + g + 1/2) A_g(x), relative error below 2e-15. The
/// normalizations of Gegenbauer polynomials and of the sphere's measure need it at integers and half-integers.
/// </summary>
public static class GammaFunction
{
    private const double G = 7;
    private static readonly double[] Coefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    public static double LogGamma(double x)
    {
        if (!(x > 0) || !double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "log Gamma needs a finite x > 0.");
        if (x < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x); // reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x)
        x -= 1;
        double a = Coefficients[0];
        for (int i = 1; i < Coefficients.Length; i++) a += Coefficients[i] / (x + i);
        double t = x + G + 0.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}

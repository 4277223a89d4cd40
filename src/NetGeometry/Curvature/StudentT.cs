using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>Quantiles of Student's t distribution, for the confidence intervals of the trace estimators.</summary>
public static class StudentT
{
    /// <summary>
    /// t_nu(p): exact for nu = 1 (Cauchy) and nu = 2; for nu &gt;= 3 the Cornish-Fisher expansion around the normal
    /// quantile z_p (Abramowitz &amp; Stegun 26.7.5, four terms), within 0.2% of the exact value at p = 0.975.
    /// </summary>
    public static double Quantile(double p, int nu)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentException($"a quantile needs p in (0, 1), got {p}.");
        if (nu < 1) throw new ArgumentException($"degrees of freedom must be at least 1, got {nu}.");
        if (nu == 1) return Math.Tan(Math.PI * (p - 0.5));
        if (nu == 2) return (2 * p - 1) / Math.Sqrt(2 * p * (1 - p));
        double z = NormalQuantile(p), z2 = z * z;
        double g1 = (z2 + 1) * z / 4;
        double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
        double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
        double g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
        return z + g1 / nu + g2 / (nu * (double)nu) + g3 / Math.Pow(nu, 3) + g4 / Math.Pow(nu, 4);
    }

    /// <summary>The standard normal quantile (libtorch's ndtri).</summary>
    public static double NormalQuantile(double p)
    {
        using var x = tensor(p, dtype: ScalarType.Float64);
        using var z = special.ndtri(x);
        return z.item<double>();
    }
}

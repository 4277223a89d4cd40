namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// The two-sided p-value of Spearman's rho under independence by the t approximation t = rho sqrt((n - 2) / (1 - rho^2))
/// with n - 2 degrees of freedom (Kendall &amp; Stuart, The Advanced Theory of Statistics, vol. 2, 31.19; what
/// scipy.stats.spearmanr reports).
/// </summary>
internal static class SpearmanTest
{
    /// <summary>The p-value of <paramref name="rho"/> over <paramref name="count"/> pairs: 0 for |rho| = 1, NaN for NaN
    /// rho or fewer than 3 pairs.</summary>
    public static double PValue(double rho, int count)
    {
        if (count < 3 || double.IsNaN(rho)) return double.NaN;
        if (Math.Abs(rho) >= 1) return 0;
        double t = Math.Abs(rho) * Math.Sqrt((count - 2) / (1 - rho * rho));
        return TwoSided(t, count - 2);
    }

    /// <summary>P(|T| &gt;= t) for Student's T with <paramref name="df"/> degrees of freedom (NaN when df is not positive).</summary>
    public static double TwoSided(double t, double df) =>
        df > 0 ? 2 * (1 - MathNet.Numerics.Distributions.StudentT.CDF(0, 1, df, Math.Abs(t))) : double.NaN;
}

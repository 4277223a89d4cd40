namespace NetGeometry.Statistics;

/// <summary>
/// Student's t distribution with <c>df</c> degrees of freedom: its CDF, through the incomplete beta function
/// (Abramowitz &amp; Stegun 26.7.1: P(T &lt;= t) = 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 for t &gt;= 0), and its quantile,
/// by bisection on the CDF (which is monotone), to about 1e-12.
/// </summary>
public static class StudentT
{
    public static double Cdf(double t, double df)
    {
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be positive.");
        if (double.IsNaN(t)) return double.NaN;
        if (double.IsInfinity(t)) return t > 0 ? 1 : 0;
        double tail = 0.5 * SpecialFunctions.RegularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with P(T &lt;= t) = <paramref name="p"/>, for 0 &lt; p &lt; 1.</summary>
    public static double Quantile(double p, double df)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile needs 0 < p < 1.");
        if (p < 0.5) return -Quantile(1 - p, df);
        double low = 0, high = 1;
        while (Cdf(high, df) < p) (low, high) = (high, 2 * high);
        for (int i = 0; i < 200 && high - low > 1e-13 * Math.Max(1, high); i++)
        {
            double middle = 0.5 * (low + high);
            if (Cdf(middle, df) < p) low = middle; else high = middle;
        }
        return 0.5 * (low + high);
    }

    /// <summary>The two-sided critical value t_{(1+level)/2, df}: a <paramref name="level"/> interval is estimate +- this times the standard error.</summary>
    public static double TwoSidedCritical(double level, double df)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "a confidence level lies in (0, 1).");
        return Quantile((1 + level) / 2, df);
    }
}

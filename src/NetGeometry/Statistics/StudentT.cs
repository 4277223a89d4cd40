namespace NetGeometry.Statistics;

/// <summary>
/// The critical values of Student's t distribution behind the project's confidence intervals. The quantile is
/// MathNet.Numerics' <c>StudentT.InvCDF</c>, which inverts the CDF P(T &lt;= t) = 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2
/// (Abramowitz &amp; Stegun 26.7.1; I the regularized incomplete beta function) by Brent's method to 1e-12.
/// </summary>
internal static class StudentT
{
    /// <summary>The two-sided critical value t_{(1+level)/2, df}: a <paramref name="level"/> interval is estimate +- this times the standard error.</summary>
    public static double TwoSidedCritical(double level, double df)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "a confidence level lies in (0, 1).");
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be positive.");
        return MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, (1 + level) / 2);
    }
}

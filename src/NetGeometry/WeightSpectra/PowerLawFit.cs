using NetGeometry.Statistics;

namespace NetGeometry.WeightSpectra;

/// <summary>
/// A continuous power law p(x) ~ x^(-alpha) fitted to the tail x &gt;= x_min of a sample by maximum likelihood, with
/// x_min chosen to minimize the Kolmogorov-Smirnov distance between the fitted and the empirical tail (Clauset,
/// Shalizi &amp; Newman, "Power-law distributions in empirical data", SIAM Review 2009, sec. 3). What Martin &amp;
/// Mahoney fit to a layer's empirical spectral density: alpha in about [2, 6] reads as well trained, below 2 as very
/// heavy-tailed.
/// </summary>
/// <param name="Alpha">The maximum-likelihood exponent (CSN eq. 3.1).</param>
/// <param name="StandardError">(alpha - 1) / sqrt(n) (CSN eq. 3.2).</param>
/// <param name="Interval">alpha plus or minus 1.96 standard errors: the 95% interval.</param>
/// <param name="XMin">The lower bound of the tail, one of the sample's values.</param>
/// <param name="KsDistance">The Kolmogorov-Smirnov distance between the fitted and the empirical tail (CSN eq. 3.9).</param>
/// <param name="TailCount">How many values the tail holds (n).</param>
internal sealed record PowerLawFit(double Alpha, double StandardError, Interval Interval, double XMin, double KsDistance, int TailCount)
{
    /// <summary>The fewest values a tail may hold; a sample with fewer positive values is not fitted.</summary>
    public const int MinimumTail = 10;

    /// <summary>The 97.5% quantile of the standard normal: alpha's 95% interval is alpha +- Z95 SE.</summary>
    private const double Z95 = 1.959963984540054;

    /// <summary>The fit of the positive values of <paramref name="sample"/>, or null when fewer than
    /// <see cref="MinimumTail"/> of them are distinct enough to form a tail.</summary>
    public static PowerLawFit? Fit(IReadOnlyList<double> sample)
    {
        var x = sample.Where(v => v > 0 && double.IsFinite(v)).Order().ToArray();
        int n = x.Length;
        if (n < MinimumTail) return null;
        // Suffix sums of ln x make each candidate's MLE O(1); its KS distance is O(tail), O(n^2) in all (CSN sec. 3.3).
        var logSuffix = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) logSuffix[i] = logSuffix[i + 1] + Math.Log(x[i]);
        PowerLawFit? best = null;
        for (int start = 0; start <= n - MinimumTail; start++)
        {
            if (start > 0 && x[start] == x[start - 1]) continue;
            int tail = n - start;
            double xMin = x[start];
            double logSum = logSuffix[start] - tail * Math.Log(xMin);
            if (logSum <= 0) continue;
            double alpha = 1 + tail / logSum; // CSN eq. 3.1
            double ks = Distance(x, start, xMin, alpha);
            if (best is null || ks < best.KsDistance)
            {
                double se = (alpha - 1) / Math.Sqrt(tail); // CSN eq. 3.2
                best = new PowerLawFit(alpha, se, new Interval(alpha - Z95 * se, alpha + Z95 * se), xMin, ks, tail);
            }
        }
        return best;
    }

    /// <summary>sup_x |S(x) - P(x)| over the tail x[start..] (CSN eq. 3.9), with P(x) = 1 - (x / x_min)^(1 - alpha)
    /// the fitted CDF and S the empirical one, compared on both sides of each of its steps.</summary>
    private static double Distance(double[] x, int start, double xMin, double alpha)
    {
        int tail = x.Length - start;
        double worst = 0;
        for (int i = 0; i < tail; i++)
        {
            double fitted = 1 - Math.Pow(x[start + i] / xMin, 1 - alpha);
            worst = Math.Max(worst, Math.Max(Math.Abs((i + 1.0) / tail - fitted), Math.Abs(fitted - (double)i / tail)));
        }
        return worst;
    }
}

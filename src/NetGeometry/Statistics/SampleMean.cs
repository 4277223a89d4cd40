using MathNet.Numerics.Statistics;

namespace NetGeometry.Statistics;

/// <summary>
/// The mean of a sample with its standard deviation (the n - 1 estimator) and the t confidence interval of the mean,
/// mean +- t_{(1+level)/2, n-1} s / sqrt(n) (e.g. Wasserman, All of Statistics, 2004, Sec. 6.3.2). With one value
/// the interval is undefined (NaN bounds): there is no spread to estimate. Mean and standard deviation are
/// MathNet.Numerics' ArrayStatistics.MeanStandardDeviation.
/// </summary>
/// <param name="Mean">The sample mean.</param>
/// <param name="StandardDeviation">The sample standard deviation s (the n - 1 estimator); NaN for one value.</param>
/// <param name="Count">The number of values n.</param>
public sealed record SampleMean(double Mean, double StandardDeviation, int Count)
{
    /// <summary>The mean and standard deviation of the values.</summary>
    /// <exception cref="ArgumentException">There are no values.</exception>
    public static SampleMean Of(IEnumerable<double> values)
    {
        var xs = values.ToArray();
        if (xs.Length == 0) throw new ArgumentException("the mean of no values is undefined.", nameof(values));
        var (mean, sd) = ArrayStatistics.MeanStandardDeviation(xs); // sd NaN for one value
        return new SampleMean(mean, sd, xs.Length);
    }

    /// <summary>The standard error of the mean, s / sqrt(n).</summary>
    public double StandardError => StandardDeviation / Math.Sqrt(Count);

    /// <summary>
    /// The geometric mean exp(mean ln x) of positive values and the interval exp(CI of mean ln x): the summary that
    /// suits quantities plotted and fitted on log axes (NaN where a value is not positive).
    /// </summary>
    public static (double Center, Interval Interval) Geometric(IEnumerable<double> values, double level = 0.95)
    {
        var xs = values.ToArray();
        if (xs.Any(x => !(x > 0))) return (double.NaN, new Interval(double.NaN, double.NaN));
        var logMean = Of(xs.Select(x => Math.Log(x)));
        var ci = logMean.ConfidenceInterval(level);
        return (Math.Exp(logMean.Mean), new Interval(Math.Exp(ci.Low), Math.Exp(ci.High)));
    }

    /// <summary>The t interval of the mean, mean +- t_{(1+level)/2, n-1} s / sqrt(n) (NaN bounds for one value).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in (0, 1).</exception>
    public Interval ConfidenceInterval(double level = 0.95)
    {
        if (Count < 2) return new Interval(double.NaN, double.NaN);
        double half = StudentT.TwoSidedCritical(level, Count - 1) * StandardError;
        return new Interval(Mean - half, Mean + half);
    }
}

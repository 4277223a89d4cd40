using MathNet.Numerics.Statistics;

namespace NetGeometry.Statistics;

/// <summary>
/// The percentile bootstrap (Efron &amp; Tibshirani, An Introduction to the Bootstrap, 1993, Sec. 13.3): resample the
/// n observations with replacement B times, compute the statistic on each resample, and take the (1 - level)/2 and
/// (1 + level)/2 quantiles of those B values (linear between order statistics: Hyndman &amp; Fan's type 7, numpy's
/// default, MathNet.Numerics' QuantileDefinition.R7) as the interval. Resamples whose statistic is undefined (NaN, e.g. a
/// correlation of a resample whose values are all tied) are left out. Seeded: the same seed gives the same interval.
/// </summary>
internal static class Bootstrap
{
    public static Interval PercentileInterval<T>(IReadOnlyList<T> observations, Func<IReadOnlyList<T>, double> statistic,
        int resamples, long seed, double level = 0.95)
    {
        if (resamples < 1) throw new ArgumentException($"the bootstrap needs at least one resample, got {resamples}.");
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var values = new List<double>(resamples);
        var sample = new T[observations.Count];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = observations[random.Next(observations.Count)];
            double value = statistic(sample);
            if (double.IsFinite(value)) values.Add(value);
        }
        if (values.Count == 0) return new Interval(double.NaN, double.NaN);
        var sorted = values.Order().ToArray();
        return new Interval(SortedArrayStatistics.QuantileCustom(sorted, (1 - level) / 2, QuantileDefinition.R7),
            SortedArrayStatistics.QuantileCustom(sorted, (1 + level) / 2, QuantileDefinition.R7));
    }
}

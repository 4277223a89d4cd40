namespace NetGeometry.Statistics;

/// <summary>
/// Spearman's rank correlation rho (Spearman 1904): the Pearson correlation of the ranks of x and of y, tied values
/// sharing their mean rank (the usual tie correction, as scipy.stats.spearmanr). Without ties it equals
/// 1 - 6 sum d_i^2 / (n (n^2 - 1)), d_i the rank differences. With its percentile-bootstrap confidence interval
/// (<see cref="Bootstrap"/>), the pairs resampled with replacement.
/// </summary>
public sealed record RankCorrelation(double Rho, Interval ConfidenceInterval, int Count)
{
    /// <summary>Bootstrap resamples behind the interval.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Significantly positive (negative): the whole 95% interval above (below) zero.</summary>
    public bool SignificantlyPositive => ConfidenceInterval.Low > 0;
    public bool SignificantlyNegative => ConfidenceInterval.High < 0;

    /// <summary>rho and its bootstrap interval over the pairs whose x and y are both finite (NaN with fewer than 3).</summary>
    public static RankCorrelation Of(IReadOnlyList<double> x, IReadOnlyList<double> y, long seed, int resamples = DefaultResamples, double level = 0.95)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x and y must pair up, got {x.Count} and {y.Count} values.");
        var pairs = FinitePairs(x, y);
        if (pairs.Count < 3) return new RankCorrelation(double.NaN, new Interval(double.NaN, double.NaN), pairs.Count);
        double Statistic(IReadOnlyList<(double First, double Second)> sample) =>
            Spearman(sample.Select(p => p.First).ToList(), sample.Select(p => p.Second).ToList());
        return new RankCorrelation(Statistic(pairs), Bootstrap.PercentileInterval(pairs, Statistic, resamples, seed, level), pairs.Count);
    }

    /// <summary>rho alone over the pairs whose x and y are both finite (NaN with fewer than 3), without an interval.</summary>
    public static double SpearmanOfFinite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var pairs = FinitePairs(x, y);
        return pairs.Count < 3 ? double.NaN : Spearman(pairs.Select(p => p.First).ToList(), pairs.Select(p => p.Second).ToList());
    }

    private static List<(double First, double Second)> FinitePairs(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        x.Zip(y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();

    /// <summary>Spearman's rho of two samples of equal length (NaN when either is constant).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException($"Spearman's rho needs two samples of one length >= 2, got {x.Count} and {y.Count}.");
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>Ranks 1..n, ties given the mean of the ranks they span.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double mean = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = mean;
            start = end + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }
}

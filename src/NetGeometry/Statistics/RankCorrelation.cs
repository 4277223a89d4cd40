using MathNet.Numerics.Statistics;

namespace NetGeometry.Statistics;

/// <summary>
/// Spearman's rank correlation rho (Spearman 1904): the Pearson correlation of the ranks of x and of y, tied values
/// sharing their mean rank (the usual tie correction, as scipy.stats.spearmanr; MathNet.Numerics'
/// Correlation.Spearman). Without ties it equals 1 - 6 sum d_i^2 / (n (n^2 - 1)), d_i the rank differences. With its
/// percentile-bootstrap confidence interval (<see cref="Bootstrap"/>), the pairs resampled with replacement.
/// </summary>
/// <param name="Rho">Spearman's rho, in [-1, 1]; NaN with fewer than 3 pairs or a constant side.</param>
/// <param name="ConfidenceInterval">The percentile-bootstrap interval of rho (NaN bounds when rho is NaN).</param>
/// <param name="Count">The number of pairs used: those whose x and y are both finite.</param>
public sealed record RankCorrelation(double Rho, Interval ConfidenceInterval, int Count)
{
    /// <summary>Bootstrap resamples behind the interval.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Significantly positive: the whole interval lies above zero.</summary>
    public bool SignificantlyPositive => ConfidenceInterval.Low > 0;

    /// <summary>Significantly negative: the whole interval lies below zero.</summary>
    public bool SignificantlyNegative => ConfidenceInterval.High < 0;

    /// <summary>rho and its <paramref name="level"/> bootstrap interval over the pairs whose x and y are both finite (NaN
    /// with fewer than 3), the resamples drawn from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">x and y differ in length, or <paramref name="resamples"/> is below 1.</exception>
    public static RankCorrelation Of(IReadOnlyList<double> x, IReadOnlyList<double> y, long seed, int resamples = DefaultResamples, double level = 0.95)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x and y must pair up, got {x.Count} and {y.Count} values.");
        var pairs = FinitePairs(x, y);
        if (pairs.Count < 3) return new RankCorrelation(double.NaN, new Interval(double.NaN, double.NaN), pairs.Count);
        return new RankCorrelation(Spearman(pairs), Bootstrap.PercentileInterval(pairs, Spearman, resamples, seed, level), pairs.Count);
    }

    /// <summary>rho alone over the pairs whose x and y are both finite (NaN with fewer than 3), without an interval.</summary>
    public static double SpearmanOfFinite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var pairs = FinitePairs(x, y);
        return pairs.Count < 3 ? double.NaN : Spearman(pairs);
    }

    private static List<(double First, double Second)> FinitePairs(IReadOnlyList<double> x, IReadOnlyList<double> y) =>
        x.Zip(y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();

    /// <summary>Spearman's rho of paired values (NaN when either side is constant).</summary>
    private static double Spearman(IReadOnlyList<(double First, double Second)> pairs) =>
        Correlation.Spearman(pairs.Select(p => p.First), pairs.Select(p => p.Second));
}

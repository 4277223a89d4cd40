using MathNet.Numerics.Statistics;
using NetGeometry.Statistics;

namespace NetGeometry.Tests.Statistics;

public class RankCorrelationTests
{
    [Fact]
    public void TiedValuesShareTheirMeanRankAsInScipy()
    {
        Assert.Equal([1, 2, 3.5, 5, 3.5], new double[] { 5, 6, 7, 8, 7 }.Ranks(RankDefinition.Average));
        // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) = 0.8207826816681233 = 8 / sqrt(95).
        Assert.Equal(8 / Math.Sqrt(95), Correlation.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 1e-14);
    }

    [Fact]
    public void WithoutTiesRhoIsOneMinusSixSumOfSquaredRankDifferences()
    {
        var random = new Random(3);
        var x = Enumerable.Range(0, 30).Select(_ => random.NextDouble()).ToList();
        var y = x.Select(v => v + 0.3 * random.NextDouble()).ToList();
        var d = x.Ranks(RankDefinition.Average).Zip(y.Ranks(RankDefinition.Average), (a, b) => a - b).Sum(v => v * v);
        Assert.Equal(1 - 6 * d / (30.0 * (30 * 30 - 1)), Correlation.Spearman(x, y), 1e-12);
    }

    [Fact]
    public void MonotoneMapsGivePlusOrMinusOneAndRhoIsInvariantUnderThem()
    {
        double[] x = [0.1, 3, 2, 7, 5, 4];
        Assert.Equal(1, Correlation.Spearman(x, x.Select(Math.Exp).ToList()), 1e-14);
        Assert.Equal(-1, Correlation.Spearman(x, x.Select(v => -v * v * v).ToList()), 1e-14);
    }

    [Fact]
    public void TheBootstrapIntervalExcludesZeroForAStrongTrendAndNotForIndependentSamples()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 60).Select(_ => random.NextDouble()).ToList();
        var trend = RankCorrelation.Of(x, x.Select(v => v + 0.2 * random.NextDouble()).ToList(), seed: 1);
        Assert.True(trend.SignificantlyPositive && trend.ConfidenceInterval.Contains(trend.Rho), $"{trend}");
        var independent = RankCorrelation.Of(x, x.Select(_ => random.NextDouble()).ToList(), seed: 1);
        Assert.True(independent.ConfidenceInterval.Contains(0), $"{independent}");
    }

    [Fact]
    public void TheBootstrapIntervalShrinksLikeOneOverSqrtN()
    {
        double Width(int n)
        {
            var random = new Random(7);
            var x = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToList();
            var r = RankCorrelation.Of(x, x.Select(v => v + random.NextDouble()).ToList(), seed: 2);
            return r.ConfidenceInterval.High - r.ConfidenceInterval.Low;
        }
        double ratio = Width(100) / Width(400);
        Assert.InRange(ratio, 1.6, 2.5);
    }

    [Fact]
    public void NonFinitePairsAreLeftOutAndTooFewGiveNaN()
    {
        var r = RankCorrelation.Of([1, 2, double.NaN, 4, 5], [2, 4, 1, 8, 10], seed: 0);
        Assert.Equal(4, r.Count);
        Assert.Equal(1, r.Rho, 1e-14);
        Assert.True(double.IsNaN(RankCorrelation.Of([1, 2], [3, 4], seed: 0).Rho));
    }

    [Fact]
    public void TheQuantileInterpolatesAsNumpy()
    {
        // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75.
        Assert.Equal(1.75, SortedArrayStatistics.QuantileCustom([1, 2, 3, 4], 0.25, QuantileDefinition.R7), 1e-14);
    }
}

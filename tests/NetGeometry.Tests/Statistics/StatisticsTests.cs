using NetGeometry.Statistics;
using TDistribution = MathNet.Numerics.Distributions.StudentT;

namespace NetGeometry.Tests.Statistics;

public sealed class StatisticsTests
{
    // Two-sided 95% critical values t_{0.975, df} from standard tables (Abramowitz & Stegun Table 26.10; R's qt for df = 1000).
    [Theory]
    [InlineData(1, 12.706204736)]
    [InlineData(2, 4.302652730)]
    [InlineData(5, 2.570581836)]
    [InlineData(19, 2.093024054)]
    [InlineData(30, 2.042272456)]
    [InlineData(1000, 1.962339081)]
    public void StudentTQuantilesMatchTheTables(double df, double expected)
    {
        Assert.Equal(expected, TDistribution.InvCDF(0, 1, df, 0.975), 5);
        Assert.Equal(-expected, TDistribution.InvCDF(0, 1, df, 0.025), 5);
        Assert.Equal(0.975, TDistribution.CDF(0, 1, df, expected), 8);
        Assert.Equal(expected, StudentT.TwoSidedCritical(0.95, df), 5);
    }

    [Fact]
    public void TheCdfOfOneDegreeOfFreedomIsTheCauchyCdf()
    {
        foreach (var t in new[] { -3.0, -0.5, 0, 0.7, 10 })
            Assert.Equal(0.5 + Math.Atan(t) / Math.PI, TDistribution.CDF(0, 1, 1, t), 12);
    }

    [Fact]
    public void AnExactLineIsFittedExactlyWithAZeroWidthInterval()
    {
        double[] x = [1, 2, 3, 4, 5], y = x.Select(v => 3 - 0.5 * v).ToArray();
        var fit = LinearFit.LeastSquares(x, y);
        Assert.Equal((-0.5, 3.0, 1.0), (Math.Round(fit.Slope, 12), Math.Round(fit.Intercept, 12), Math.Round(fit.RSquared, 12)));
        var ci = fit.SlopeInterval();
        Assert.Equal(-0.5, ci.Low, 10);
        Assert.Equal(-0.5, ci.High, 10);
    }

    [Fact]
    public void TheSlopeIntervalIsTheTextbookOne()
    {
        // x = 1..5, y = 2.1, 3.9, 6.2, 7.8, 10.1: Sxx = 10, Sxy = 19.9, slope 1.99, intercept 0.05, SSE = 0.107, s^2 = 0.107/3,
        // se = sqrt(s^2/10), interval 1.99 +- t_{0.975,3} se with t_{0.975,3} = 3.182446305.
        var fit = LinearFit.LeastSquares([1, 2, 3, 4, 5], [2.1, 3.9, 6.2, 7.8, 10.1]);
        double se = Math.Sqrt(0.107 / 3 / 10);
        Assert.Equal(1.99, fit.Slope, 12);
        Assert.Equal(0.05, fit.Intercept, 12);
        Assert.Equal(se, fit.SlopeStandardError, 10);
        Assert.Equal(1.99 + 3.182446305 * se, fit.SlopeInterval().High, 7);
    }

    [Fact]
    public void ALogLogFitRecoversAPowerLaw()
    {
        double[] m = [64, 128, 256, 512, 1024];
        var fit = LinearFit.LogLog(m, m.Select(v => 7 * Math.Pow(v, -0.5)).ToArray());
        Assert.Equal(-0.5, fit.Slope, 12);
        Assert.Equal(Math.Log(7), fit.Intercept, 10);
        Assert.Throws<ArgumentException>(() => LinearFit.LogLog([1, 2], [1, 0]));
    }

    [Fact]
    public void TheMeanIntervalUsesTheSampleStandardDeviation()
    {
        var mean = SampleMean.Of([1, 2, 3, 4]);
        Assert.Equal((2.5, Math.Sqrt(5.0 / 3)), (mean.Mean, mean.StandardDeviation));
        Assert.Equal(2.5 + 3.182446305 * Math.Sqrt(5.0 / 3) / 2, mean.ConfidenceInterval().High, 7);
        Assert.True(double.IsNaN(SampleMean.Of([1.0]).ConfidenceInterval().Low));
        var (center, interval) = SampleMean.Geometric([1, 100]);
        Assert.Equal(10, center, 10);
        Assert.True(interval.Low > 0 && interval.Contains(10));
    }
}

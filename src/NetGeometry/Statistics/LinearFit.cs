using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace NetGeometry.Statistics;

/// <summary>
/// Ordinary least squares y = Intercept + Slope x with the classical inference for the slope (e.g. Wasserman, All of
/// Statistics, 2004, Sec. 13.1 and Thm. 13.8; Montgomery &amp; Runger, Applied Statistics, Sec. 11.4):
/// Slope = Sxy / Sxx, s^2 = SSE / (n - 2), se(Slope) = s / sqrt(Sxx), and the confidence interval
/// Slope +- t_{(1+level)/2, n-2} se(Slope), exact when the residuals are independent and Gaussian. The line is
/// MathNet.Numerics' Fit.Line, s its GoodnessOfFit.StandardError with 2 degrees of freedom used, R^2 its
/// GoodnessOfFit.CoefficientOfDetermination (1 - SSE / Syy; 1 when every y is the same).
/// <see cref="LogLog"/> fits a power law y = C x^Slope as a line through (ln x, ln y).
/// </summary>
/// <param name="Slope">The fitted slope Sxy / Sxx.</param>
/// <param name="Intercept">The fitted intercept, mean(y) - Slope mean(x).</param>
/// <param name="SlopeStandardError">se(Slope) = s / sqrt(Sxx); NaN with 2 points.</param>
/// <param name="RSquared">The coefficient of determination 1 - SSE / Syy, in [0, 1].</param>
/// <param name="Count">The number of points n.</param>
public sealed record LinearFit(double Slope, double Intercept, double SlopeStandardError, double RSquared, int Count)
{
    /// <summary>The least-squares line through the points (x_i, y_i).</summary>
    /// <exception cref="ArgumentException">x and y differ in length, there are fewer than 2 points, or every x is the same.</exception>
    public static LinearFit LeastSquares(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"{x.Count} x values but {y.Count} y values.");
        int n = x.Count;
        if (n < 2) throw new ArgumentException($"a line needs at least 2 points, got {n}.");
        double[] xs = [.. x], ys = [.. y];
        double sxx = ArrayStatistics.Variance(xs) * (n - 1);
        if (!(sxx > 0)) throw new ArgumentException("a line needs at least two distinct x values.");
        var (intercept, slope) = Fit.Line(xs, ys);
        var fitted = xs.Select(v => intercept + slope * v).ToArray();
        double standardError = n > 2 ? GoodnessOfFit.StandardError(fitted, ys, 2) / Math.Sqrt(sxx) : double.NaN;
        double rSquared = ArrayStatistics.Variance(ys) > 0 ? GoodnessOfFit.CoefficientOfDetermination(fitted, ys) : 1;
        return new LinearFit(slope, intercept, standardError, rSquared, n);
    }

    /// <summary>The power law y = exp(Intercept) x^Slope fitted through (ln x, ln y).</summary>
    /// <exception cref="ArgumentException">An x or y is not positive and finite, or <see cref="LeastSquares"/> refuses the logarithms.</exception>
    public static LinearFit LogLog(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Concat(y).Any(v => !(v > 0) || double.IsInfinity(v)))
            throw new ArgumentException("a log-log fit needs positive, finite values.");
        return LeastSquares(x.Select(v => Math.Log(v)).ToList(), y.Select(v => Math.Log(v)).ToList());
    }

    /// <summary>The confidence interval of the slope, Slope +- t_{(1+level)/2, n-2} se(Slope) (NaN bounds with fewer than
    /// 3 points: no residual degrees of freedom).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in (0, 1).</exception>
    public Interval SlopeInterval(double level = 0.95)
    {
        if (Count < 3) return new Interval(double.NaN, double.NaN);
        double half = StudentT.TwoSidedCritical(level, Count - 2) * SlopeStandardError;
        return new Interval(Slope - half, Slope + half);
    }

    /// <summary>The fitted value at <paramref name="x"/>.</summary>
    public double Predict(double x) => Intercept + Slope * x;
}

using System.Globalization;
using NetGeometry.Reporting;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// A log-log figure of a final quantity against a swept size (width, depth, n): every run as a point, the geometric
/// mean over seeds at each size with its 95% t confidence band (both computed on ln y, as the fit is), the least-squares power law fitted through the runs, and,
/// optionally, the slope theory predicts drawn through the fit's centre for comparison.
/// </summary>
public static class ScalingFigure
{
    /// <param name="fitFrom">The smallest size the fit used (null: all of them): the fit and theory lines are drawn
    /// over the sizes from it on only.</param>
    public static Figure Create(string id, string title, string caption, IReadOnlyList<(double X, double Y)> runs,
        ChartAxis x, ChartAxis y, LinearFit? fit, double? theorySlope = null, string? theoryLabel = null, double? fitFrom = null)
    {
        var series = new List<ChartSeries> { new("runs (one point per seed)", runs.Select(r => r.X).ToList(), runs.Select(r => r.Y).ToList(), SeriesStyle.Points) { Color = 0 } };
        var sizes = runs.GroupBy(r => r.X).OrderBy(g => g.Key).Select(g => (Size: g.Key, Mean: SampleMean.Geometric(g.Select(r => r.Y)))).ToList();
        series.Add(new ChartSeries("geometric mean over seeds, 95% CI", sizes.Select(s => s.Size).ToList(), sizes.Select(s => s.Mean.Center).ToList(), SeriesStyle.Line)
        {
            BandLow = sizes.Select(s => s.Mean.Interval.Low).ToList(),
            BandHigh = sizes.Select(s => s.Mean.Interval.High).ToList(),
            Color = 0,
        });
        var fitted = sizes.Where(s => s.Size >= (fitFrom ?? double.NegativeInfinity)).ToList();
        if (fit is not null && fitted.Count > 0)
        {
            double[] ends = [fitted[0].Size, fitted[^1].Size];
            var ci = fit.SlopeInterval();
            var ciText = double.IsFinite(ci.Low) ? $" [{F(ci.Low)}, {F(ci.High)}]" : "";
            series.Add(new ChartSeries($"fit: slope {F(fit.Slope)}{ciText}", ends, ends.Select(e => Math.Exp(fit.Predict(Math.Log(e)))).ToList(), SeriesStyle.Dashed) { Color = 1 });
            if (theorySlope is { } slope)
            {
                // The theory line passes through the fit at the geometric mean of the sizes.
                double centre = Math.Sqrt(ends[0] * ends[1]), atCentre = Math.Exp(fit.Predict(Math.Log(centre)));
                series.Add(new ChartSeries(theoryLabel ?? $"theory: slope {F(slope)}", ends, ends.Select(e => atCentre * Math.Pow(e / centre, slope)).ToList(), SeriesStyle.Dotted) { Color = 2 });
            }
        }
        return new Figure(id, title, caption, new Chart(x with { Scale = AxisScale.Log }, y with { Scale = AxisScale.Log }, series));
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

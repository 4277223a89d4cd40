using System.Globalization;
using NetGeometry.Training;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace NetGeometry.Reporting;

/// <summary>
/// Line plots of recorded metrics, one figure per metric name: x = step, one line per layer (in the legend by layer
/// name; the whole-network values, if there are also per-layer ones, as "network"). An axis whose values are all
/// positive and span more than <see cref="LogScaleDecades"/> decades is drawn in log scale. Values that are NaN or
/// infinite (a diverged loss) cannot be drawn and are left out; the store and the CSV keep them.
/// </summary>
public static class MetricPlots
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>The legend label of whole-network values drawn next to per-layer ones.</summary>
    public const string NetworkLabel = "network";

    /// <summary>How many decades an all-positive axis must span to be drawn in log scale.</summary>
    public const double LogScaleDecades = 2;

    /// <summary>A series with at most this many points also marks each point, so that a short series stays visible.</summary>
    private const int MarkedPointsLimit = 30;

    /// <summary>The figure of one metric; <paramref name="points"/> must all be named <paramref name="metricName"/>.</summary>
    public static Plot Create(string metricName, IEnumerable<Metric> points)
    {
        var all = points.ToList();
        if (all.Select(p => p.Name).FirstOrDefault(name => name != metricName) is { } other)
            throw new ArgumentException($"a plot of '{metricName}' got points of '{other}'.", nameof(points));
        var finite = all.Where(p => double.IsFinite(p.Value)).ToList();
        var logX = IsLogScale(finite.Select(p => (double)p.Step));
        var logY = IsLogScale(finite.Select(p => p.Value));

        var plot = new Plot();
        var series = finite.GroupBy(p => p.Layer).OrderBy(s => s.Key is not null).ToList();
        var withLegend = series.Any(s => s.Key is not null);
        foreach (var s in series)
        {
            var ordered = s.OrderBy(p => p.Step).ToList();
            var line = plot.Add.Scatter(
                ordered.Select(p => Coordinate(p.Step, logX)).ToArray(),
                ordered.Select(p => Coordinate(p.Value, logY)).ToArray());
            line.MarkerSize = ordered.Count <= MarkedPointsLimit ? 5 : 0;
            if (withLegend) line.LegendText = s.Key ?? NetworkLabel;
        }
        plot.Legend.IsVisible = withLegend;

        plot.Title(metricName);
        plot.XLabel("step");
        plot.YLabel(metricName);
        if (logX) UseLogTicks(plot, plot.Axes.Bottom);
        if (logY) UseLogTicks(plot, plot.Axes.Left);
        return plot;
    }

    /// <summary>The figure of one metric as a <see cref="Width"/> x <see cref="Height"/> PNG image.</summary>
    public static byte[] RenderPng(string metricName, IEnumerable<Metric> points)
    {
        using var plot = Create(metricName, points);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Whether an axis holding <paramref name="values"/> is drawn in log scale: all positive, spanning more than <see cref="LogScaleDecades"/> decades.</summary>
    public static bool IsLogScale(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = 0;
        foreach (var v in values)
        {
            if (v <= 0) return false;
            (min, max) = (Math.Min(min, v), Math.Max(max, v));
        }
        return max > 0 && Math.Log10(max / min) > LogScaleDecades;
    }

    /// <summary>Whether an axis of the figure is drawn in log scale (its coordinates are then log10 of the values).</summary>
    public static bool HasLogTicks(IAxis axis) => axis.TickGenerator is NumericAutomatic { MinorTickGenerator: LogMinorTickGenerator };

    private static double Coordinate(double value, bool log) => log ? Math.Log10(value) : value;

    /// <summary>
    /// ScottPlot 5 has no log axis; as its cookbook does, the data are plotted as log10 values, and the axis gets
    /// major ticks at whole decades labelled with 10^x and log-spaced minor ticks with faint grid lines.
    /// </summary>
    internal static void UseLogTicks(Plot plot, IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = DecadeLabel,
        };
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(.05);
        plot.Grid.MinorLineWidth = 1;
    }

    /// <summary>The label of the tick at log10 value <paramref name="exponent"/>: 0.001 to 1000 written out, "1e6" beyond.</summary>
    private static string DecadeLabel(double exponent)
    {
        var decade = (int)Math.Round(exponent);
        return Math.Abs(decade) <= 3
            ? Math.Pow(10, decade).ToString("0.###", CultureInfo.InvariantCulture)
            : $"1e{decade}";
    }
}

using NetGeometry.Training;
using NetGeometry.Training.Probes;
using ScottPlot;

namespace NetGeometry.Reporting;

/// <summary>
/// Line plots of recorded metrics, one figure per metric name: x = step, one line per layer (in the legend by layer
/// name; the whole-network values, if there are also per-layer ones, as "network"). An axis whose values are all
/// positive and span more than <see cref="LogAxes.Decades"/> decades is drawn in log scale. Values that are NaN or
/// infinite (a diverged loss) cannot be drawn and are left out; the store and the CSV keep them.
/// </summary>
internal static class MetricPlots
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>The legend label of whole-network values drawn next to per-layer ones.</summary>
    public const string NetworkLabel = "network";

    /// <summary>A series with at most this many points also marks each point, so that a short series stays visible.</summary>
    private const int MarkedPointsLimit = 30;

    /// <summary>The figure of one metric; <paramref name="points"/> must all be named <paramref name="metricName"/>.</summary>
    public static Plot Create(string metricName, IEnumerable<Metric> points)
    {
        var all = points.ToList();
        if (all.Select(p => p.Name).FirstOrDefault(name => name != metricName) is { } other)
            throw new ArgumentException($"a plot of '{metricName}' got points of '{other}'.", nameof(points));
        var finite = all.Where(p => double.IsFinite(p.Value)).ToList();
        var logX = LogAxes.Spans(finite.Select(p => (double)p.Step));
        var logY = LogAxes.Spans(finite.Select(p => p.Value));

        var plot = new Plot();
        var series = finite.GroupBy(p => p.Layer).OrderBy(s => s.Key is not null).ToList();
        var withLegend = series.Any(s => s.Key is not null);
        foreach (var s in series)
        {
            var ordered = s.OrderBy(p => p.Step).ToList();
            var line = plot.Add.Scatter(
                ordered.Select(p => LogAxes.Coordinate(p.Step, logX)).ToArray(),
                ordered.Select(p => LogAxes.Coordinate(p.Value, logY)).ToArray());
            line.MarkerSize = ordered.Count <= MarkedPointsLimit ? 5 : 0;
            if (withLegend) line.LegendText = s.Key ?? NetworkLabel;
        }
        plot.Legend.IsVisible = withLegend;

        plot.Title(metricName);
        plot.XLabel("step (parameter updates)");
        plot.YLabel(AxisLabel(metricName));
        if (logX) LogAxes.Apply(plot, plot.Axes.Bottom);
        if (logY) LogAxes.Apply(plot, plot.Axes.Left);
        return plot;
    }

    /// <summary>The figure of one metric as a <see cref="Width"/> x <see cref="Height"/> PNG image.</summary>
    public static byte[] RenderPng(string metricName, IEnumerable<Metric> points)
    {
        using var plot = Create(metricName, points);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The axis label of a metric: its probe's description (with its unit), or its name.</summary>
    private static string AxisLabel(string metricName) => ProbeRegistry.Describe(metricName)?.AxisLabel ?? metricName;
}

namespace NetGeometry.Reporting;

/// <summary>How an axis maps values: linear, log10, or log10 when the values are all positive and span decades.</summary>
public enum AxisScale { Auto, Linear, Log }

/// <summary>An axis: its label (with the unit) and scale.</summary>
public sealed record ChartAxis(string Label, AxisScale Scale = AxisScale.Auto);

/// <summary>How a series is drawn.</summary>
public enum SeriesStyle { LineAndPoints, Line, Points, Dashed, Dotted }

/// <summary>
/// One series of a chart: points (x, y) in data units, drawn as <see cref="Style"/>, with an optional band
/// (<see cref="BandLow"/>, <see cref="BandHigh"/>: a confidence band across seeds) shaded in the series' colour.
/// Series with the same <see cref="Color"/> index share a colour (a fit and the points it fits); null takes the next.
/// An empty legend leaves the series out of the legend.
/// </summary>
public sealed record ChartSeries(string Legend, IReadOnlyList<double> X, IReadOnlyList<double> Y, SeriesStyle Style = SeriesStyle.LineAndPoints)
{
    public IReadOnlyList<double>? BandLow { get; init; }
    public IReadOnlyList<double>? BandHigh { get; init; }
    public int? Color { get; init; }
}

/// <summary>A figure's plot as plain data: axes and series (rendered by <see cref="ChartRenderer"/>).</summary>
public sealed record Chart(ChartAxis X, ChartAxis Y, IReadOnlyList<ChartSeries> Series);

/// <summary>A figure of a report: a file-name-safe id, a title, a caption saying what it shows, and its chart.</summary>
public sealed record Figure(string Id, string Title, string Caption, Chart Chart)
{
    /// <summary>When set, the figure is drawn as this layer-robustness heatmap instead of the chart, whose series then
    /// hold the same numbers for the figure's CSV.</summary>
    public HeatmapDrawing? Heatmap { get; init; }

    /// <summary>When set, the figure is drawn as this loss-landscape contour (Li et al. 2018) instead of the chart, whose
    /// series then hold the same numbers for the figure's CSV.</summary>
    internal ContourDrawing? Contour { get; init; }
}

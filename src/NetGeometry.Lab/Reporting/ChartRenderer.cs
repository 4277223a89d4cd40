using ScottPlot;

namespace NetGeometry.Reporting;

/// <summary>
/// Draws a <see cref="Chart"/> with ScottPlot 5 for print: axis labels, a legend when series are named, log axes
/// (decade ticks) where asked or where the data span decades, bands as translucent fills behind their lines, and
/// text sized for a figure shown at <see cref="Width"/> x <see cref="Height"/> CSS pixels. PNGs are rendered at
/// <see cref="PngScale"/> times that size, so they stay sharp in print; SVG is vector.
/// </summary>
internal static class ChartRenderer
{
    public const int Width = 800;
    public const int Height = 520;
    public const double PngScale = 2;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    public static Plot Create(Chart chart)
    {
        var finite = chart.Series.Select(s => Drawable(s, logX: false, logY: false)).ToList();
        bool logX = IsLog(chart.X.Scale, finite.SelectMany(s => s.X));
        bool logY = IsLog(chart.Y.Scale, finite.SelectMany(s => s.Y.Concat(s.BandLow ?? []).Concat(s.BandHigh ?? [])));
        var visible = finite.Select(s => Drawable(s, logX, logY)).ToList();
        var plot = new Plot();
        int next = 0;
        foreach (var s in visible)
        {
            var color = Palette.GetColor(s.Color ?? next++);
            double[] xs = s.X.Select(x => LogAxes.Coordinate(x, logX)).ToArray();
            if (s.BandLow is { } low && s.BandHigh is { } high)
            {
                var band = plot.Add.FillY(xs, low.Select(v => LogAxes.Coordinate(v, logY)).ToArray(), high.Select(v => LogAxes.Coordinate(v, logY)).ToArray());
                band.FillColor = color.WithAlpha(0.18);
                band.LineWidth = 0;
            }
            var line = plot.Add.Scatter(xs, s.Y.Select(y => LogAxes.Coordinate(y, logY)).ToArray(), color);
            line.LegendText = s.Legend;
            line.LineWidth = s.Style == SeriesStyle.Points ? 0 : 2;
            line.MarkerSize = s.Style is SeriesStyle.Points or SeriesStyle.LineAndPoints ? 6 : 0;
            line.LinePattern = s.Style switch
            {
                SeriesStyle.Dashed => LinePattern.Dashed,
                SeriesStyle.Dotted => LinePattern.Dotted,
                _ => LinePattern.Solid,
            };
        }
        plot.XLabel(chart.X.Label, 16);
        plot.YLabel(chart.Y.Label, 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        var allX = visible.SelectMany(s => s.X).ToList();
        var allY = visible.SelectMany(s => s.Y.Concat(s.BandLow ?? []).Concat(s.BandHigh ?? [])).ToList();
        if (logX && allX.Count > 0) LogAxes.Apply(plot, plot.Axes.Bottom, allX.Min(), allX.Max());
        if (logY && allY.Count > 0) LogAxes.Apply(plot, plot.Axes.Left, allY.Min(), allY.Max());
        plot.Legend.IsVisible = chart.Series.Any(s => s.Legend != "");
        plot.Legend.FontSize = 13;
        plot.Legend.Alignment = Alignment.UpperRight;
        return plot;
    }

    /// <summary>A PNG of <see cref="Width"/> x <see cref="Height"/> CSS pixels at <see cref="PngScale"/> device pixels each.</summary>
    public static byte[] Png(Chart chart)
    {
        using var plot = Create(chart);
        plot.ScaleFactor = PngScale;
        return plot.GetImageBytes((int)(Width * PngScale), (int)(Height * PngScale), ImageFormat.Png);
    }

    public static string Svg(Chart chart)
    {
        using var plot = Create(chart);
        return plot.GetSvgXml(Width, Height);
    }

    private static bool IsLog(AxisScale scale, IEnumerable<double> values) => scale switch
    {
        AxisScale.Log => true,
        AxisScale.Linear => false,
        _ => LogAxes.Spans(values),
    };

    /// <summary>
    /// The series without the points that cannot be drawn (NaN, infinite, or not positive on a log axis); its band
    /// is dropped where any of its bounds cannot be drawn (a single seed has no band).
    /// </summary>
    private static ChartSeries Drawable(ChartSeries s, bool logX, bool logY)
    {
        bool Ok(double v, bool log) => double.IsFinite(v) && (!log || v > 0);
        var keep = Enumerable.Range(0, s.X.Count).Where(i => Ok(s.X[i], logX) && Ok(s.Y[i], logY)).ToList();
        bool band = s.BandLow is not null && s.BandHigh is not null && keep.All(i => Ok(s.BandLow[i], logY) && Ok(s.BandHigh[i], logY));
        return s with
        {
            X = keep.Select(i => s.X[i]).ToList(),
            Y = keep.Select(i => s.Y[i]).ToList(),
            BandLow = band ? keep.Select(i => s.BandLow![i]).ToList() : null,
            BandHigh = band ? keep.Select(i => s.BandHigh![i]).ToList() : null,
        };
    }
}

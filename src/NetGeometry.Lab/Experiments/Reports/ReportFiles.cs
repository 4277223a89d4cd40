using NetGeometry.Reporting;

namespace NetGeometry.Experiments.Reports;

/// <summary>Where reports go and the sections every kind of report shares.</summary>
internal static class ReportFiles
{
    public const string ReportFile = "report.html";
    public const string IndexFile = "index.html";
    public const string FiguresFolder = "figures";

    /// <summary>Writes the page atomically as &lt;folder&gt;/report.html and returns its path.</summary>
    public static string WriteReport(string folder, ReportDocument document)
    {
        var path = Path.Combine(folder, ReportFile);
        AtomicFile.WriteAllText(path, HtmlReport.Render(document));
        return path;
    }

    /// <summary>
    /// Writes a figure (its chart, or its heatmap or contour when it has one) as figures/&lt;id&gt;.png (for the page), .svg (vector, for
    /// papers) and .csv (its chart's data: series, x, y, band) under <paramref name="folder"/>, and returns it as a report image.
    /// </summary>
    public static ReportImage WriteFigure(string folder, Figure figure)
    {
        var figures = Path.Combine(folder, FiguresFolder);
        Directory.CreateDirectory(figures);
        var (png, svg) = figure switch
        {
            { Heatmap: { } heatmap } => (SensitivityHeatmap.RenderPng(heatmap.Table, heatmap.StepsPerEpoch), SensitivityHeatmap.RenderSvg(heatmap.Table, heatmap.StepsPerEpoch)),
            { Contour: { } contour } => (LandscapeContour.RenderPng(contour), LandscapeContour.RenderSvg(contour)),
            _ => (ChartRenderer.Png(figure.Chart), ChartRenderer.Svg(figure.Chart)),
        };
        AtomicFile.WriteAllBytes(Path.Combine(figures, figure.Id + ".png"), png);
        AtomicFile.WriteAllText(Path.Combine(figures, figure.Id + ".svg"), svg);
        AtomicFile.WriteText(Path.Combine(figures, figure.Id + ".csv"), writer =>
        {
            writer.Write("series,x,y,band_low,band_high\n");
            foreach (var s in figure.Chart.Series)
                for (int i = 0; i < s.X.Count; i++)
                    writer.Write($"{MetricsCsv.Field(s.Legend)},{MetricsCsv.Number(s.X[i])},{MetricsCsv.Number(s.Y[i])}," +
                        $"{(s.BandLow is null ? "" : MetricsCsv.Number(s.BandLow[i]))},{(s.BandHigh is null ? "" : MetricsCsv.Number(s.BandHigh[i]))}\n");
        });
        return new ReportImage(figure.Title, figure.Caption, png, $"{FiguresFolder}/{figure.Id}.svg");
    }

    public static CodeSection Spec(string json) => new("Spec", json);

    public static string Status(Training.RunStatus status) => status.ToString().ToLowerInvariant();
}

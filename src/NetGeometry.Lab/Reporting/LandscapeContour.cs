using ScottPlot;

namespace NetGeometry.Reporting;

/// <summary>
/// A 2D loss landscape as Li et al. (2018, figs. 5 and 9) draw it: log10 of the loss as a heat map with contour lines
/// over the plane's coordinates (a, b), theta* at the origin marked, and on the trajectory's plane the recorded path
/// projected onto it, from initialization to theta*.
/// </summary>
internal static class LandscapeContour
{
    public const int Width = 820;
    public const int Height = 680;
    /// <summary>Contour lines drawn over the heat map.</summary>
    public const int Levels = 12;

    public static Plot Create(ContourDrawing plane)
    {
        int na = plane.A.Length, nb = plane.B.Length;
        // Heat map rows run from the top: row r holds b = B[nb - 1 - r].
        var intensities = new double[nb, na];
        var surface = new Coordinates3d[nb, na];
        for (int r = 0; r < nb; r++)
            for (int c = 0; c < na; c++)
            {
                double z = Math.Log10(Math.Max(plane.Points[c, nb - 1 - r].Loss, 1e-300));
                intensities[r, c] = double.IsFinite(z) ? z : double.NaN;
                surface[r, c] = new Coordinates3d(plane.A[c], plane.B[nb - 1 - r], intensities[r, c]);
            }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        double da = (plane.A[^1] - plane.A[0]) / (na - 1) / 2, db = (plane.B[^1] - plane.B[0]) / (nb - 1) / 2;
        heatmap.Extent = new CoordinateRect(plane.A[0] - da, plane.A[^1] + da, plane.B[0] - db, plane.B[^1] + db);
        plot.Add.ColorBar(heatmap).Label = "log10 loss";
        var contours = plot.Add.ContourLines(surface);
        contours.ContourLineCount = Levels;
        contours.LineColor = Colors.White.WithOpacity(0.7);
        if (plane.Path is { } path)
        {
            var line = plot.Add.Scatter(path.Select(q => q.A).ToArray(), path.Select(q => q.B).ToArray(), Colors.Red);
            line.LineWidth = 2;
            line.MarkerSize = 5;
            line.LegendText = $"training path (steps {path[0].Step} to {path[^1].Step})";
            plot.Legend.IsVisible = true;
        }
        var final = plot.Add.Marker(0, 0, MarkerShape.FilledCircle, 10, Colors.Orange);
        final.LegendText = "final weights theta*";
        plot.Title($"{plane.Title}: log10 loss");
        plot.XLabel("a (first direction)");
        plot.YLabel("b (second direction)");
        plot.Axes.SetLimits(plane.A[0] - da, plane.A[^1] + da, plane.B[0] - db, plane.B[^1] + db);
        return plot;
    }

    public static byte[] RenderPng(ContourDrawing plane)
    {
        using var plot = Create(plane);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static string RenderSvg(ContourDrawing plane)
    {
        using var plot = Create(plane);
        return plot.GetSvgXml(Width, Height);
    }
}

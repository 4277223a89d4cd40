using ScottPlot;

namespace NetGeometry.Reporting;

/// <summary>
/// A spectral density as PyHessian and Ghorbani et al. (2019, fig. 1) draw it: the smoothed density against the
/// eigenvalue with a log-scale density axis, since the outlying eigenvalues that matter carry little mass, and the
/// eigenvalues found by Lanczos marked as dashed vertical lines.
/// </summary>
internal static class SpectralDensityPlot
{
    /// <summary>Densities below this fraction of the peak are drawn at the floor, keeping the log axis readable.</summary>
    public const double Floor = 1e-8;

    public static Plot Create(string title, IReadOnlyList<double> grid, IReadOnlyList<double> density, IReadOnlyList<double> marked)
    {
        if (grid.Count != density.Count || grid.Count < 2)
            throw new ArgumentException($"a density plot needs matching grid and density of at least 2 points, got {grid.Count} and {density.Count}.");
        double floor = Math.Max(density.Max() * Floor, double.Epsilon);
        var plot = new Plot();
        var line = plot.Add.Scatter(grid.ToArray(), density.Select(p => Math.Log10(Math.Max(p, floor))).ToArray());
        line.MarkerSize = 0;
        line.LegendText = "density (SLQ)";
        foreach (var x in marked)
        {
            var mark = plot.Add.VerticalLine(x);
            mark.LinePattern = LinePattern.Dashed;
            mark.Color = Colors.Red.WithOpacity(0.6);
            if (x == marked[0]) mark.LegendText = "eigenvalues (Lanczos)";
        }
        if (marked.Count > 0) plot.Legend.IsVisible = true;
        plot.Title(title);
        plot.XLabel("eigenvalue");
        plot.YLabel("density");
        LogAxes.Apply(plot, plot.Axes.Left);
        return plot;
    }

    public static byte[] RenderPng(string title, IReadOnlyList<double> grid, IReadOnlyList<double> density, IReadOnlyList<double> marked)
    {
        using var plot = Create(title, grid, density, marked);
        return plot.GetImageBytes(MetricPlots.Width, MetricPlots.Height, ImageFormat.Png);
    }
}

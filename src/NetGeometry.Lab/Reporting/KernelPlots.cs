using ScottPlot;
using static TorchSharp.torch;

namespace NetGeometry.Reporting;

/// <summary>
/// Pictures of a kernel matrix: its spectrum (eigenvalue against rank, both axes in log scale, as NTK spectra are
/// usually drawn) and a heatmap with the examples ordered by class, so that class structure shows as blocks.
/// </summary>
internal static class KernelPlots
{
    public const int Width = 800;
    public const int Height = 600;

    /// <summary>The heatmap is averaged down to at most this many cells a side.</summary>
    public const int MaxHeatmapCells = 600;

    /// <summary>
    /// One line per spectrum (largest first); eigenvalues that are not positive (round-off below 0) cannot be drawn
    /// on a log axis and are left out, as the axis label says.
    /// </summary>
    public static byte[] SpectrumPng(string title, IReadOnlyList<(string Label, double[] Eigenvalues)> spectra)
    {
        using var plot = new Plot();
        foreach (var (label, eigenvalues) in spectra)
        {
            var positive = eigenvalues.Select((v, i) => (Rank: i + 1.0, Value: v)).Where(p => p.Value > 0).ToList();
            var line = plot.Add.Scatter(positive.Select(p => Math.Log10(p.Rank)).ToArray(), positive.Select(p => Math.Log10(p.Value)).ToArray());
            line.MarkerSize = positive.Count <= 50 ? 4 : 0;
            line.LegendText = label;
        }
        plot.Legend.IsVisible = spectra.Count > 1;
        plot.Title(title);
        plot.XLabel("rank i");
        plot.YLabel("eigenvalue lambda_i (positive ones)");
        LogAxes.Apply(plot, plot.Axes.Bottom);
        LogAxes.Apply(plot, plot.Axes.Left);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>
    /// The kernel (n o x n o for a full kernel, n x n traced) with examples sorted by <paramref name="labels"/> (one
    /// class per example; kept in their order when null) and averaged down to at most <see cref="MaxHeatmapCells"/>
    /// cells a side. Row 0 is at the top.
    /// </summary>
    public static byte[] HeatmapPng(string title, Tensor kernel, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var k = kernel.to(float64).cpu();
        long size = k.shape[0];
        if (labels is not null)
        {
            long n = labels.shape[0], o = size / Math.Max(n, 1);
            if (labels.dim() != 1 || n * o != size)
                throw new ArgumentException($"{n} labels fit neither a traced nor a full kernel of {size} rows.");
            var classes = labels.cpu().to(int64).data<long>().ToArray();
            var byClass = tensor(Enumerable.Range(0, (int)n).OrderBy(i => classes[i]).Select(i => (long)i).ToArray());   // stable
            var rows = byClass.mul(Held(o)).unsqueeze(1).add(arange(Held(0), Held(o), Held(1)).unsqueeze(0), Held(1)).reshape(-1);   // example i, output a -> i o + a
            k = k.index_select(0, rows).index_select(1, rows);
        }
        long cells = Math.Min(k.shape[0], MaxHeatmapCells);
        if (cells < k.shape[0]) k = nn.functional.adaptive_avg_pool2d(k.unsqueeze(0).unsqueeze(0), new[] { cells, cells }).squeeze(0).squeeze(0);
        var values = k.data<double>().ToArray();
        var grid = new double[cells, cells];
        for (long i = 0; i < cells; i++)
            for (long j = 0; j < cells; j++)
                grid[i, j] = values[i * cells + j];
        using var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        plot.Title(title);
        // What a cell is: a kernel row (an example, or an example and an output), sorted by class, perhaps averaged.
        string axis = (labels is not null && labels.shape[0] != size ? "kernel row (example, output)" : "example")
            + (labels is null ? "" : ", by class") + (cells < size ? $", {(double)size / cells:0.#} rows a cell" : "");
        plot.XLabel(axis);
        plot.YLabel(axis);
        plot.Axes.Margins(0, 0);
        plot.Axes.InvertY();
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}

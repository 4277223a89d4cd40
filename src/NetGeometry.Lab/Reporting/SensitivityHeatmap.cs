using System.Globalization;
using NetGeometry.Sensitivity;
using ScottPlot;

namespace NetGeometry.Reporting;

/// <summary>
/// Zhang, Bengio &amp; Singer's robustness heatmap: rows are layers (the first at the top), the first column the
/// re-randomized layer, then one column per checkpoint the layer re-initialized there; colour and the printed
/// number are the error. Column labels are the checkpoints' steps, or their epochs when a run has several steps per
/// epoch.
/// </summary>
internal static class SensitivityHeatmap
{
    public const int Width = 900;

    public static Plot Create(SensitivityMatrix table, long stepsPerEpoch = 1)
    {
        var values = table.Matrix;
        int rows = values.GetLength(0), columns = values.GetLength(1);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.Add.ColorBar(heatmap).Label = table.ErrorKind == "error" ? "error (1 - accuracy)" : "loss";
        double range = Math.Max(1e-12, heatmap.DataRange.Max - heatmap.DataRange.Min);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                var text = plot.Add.Text(values[r, c].ToString("0.###", CultureInfo.InvariantCulture), c, rows - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = (values[r, c] - heatmap.DataRange.Min) / range > 0.6 ? Colors.Black : Colors.White;
            }
        var columnLabels = new[] { "re-rand." }.Concat(table.CheckpointSteps.Select(s => ColumnLabel(s, stepsPerEpoch))).ToArray();
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), columnLabels);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), table.Layers.ToArray());
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.Title($"layer robustness on {table.DataName} (unchanged: {table.Baseline.ToString("0.###", CultureInfo.InvariantCulture)})");
        plot.XLabel(stepsPerEpoch > 1 ? "re-randomized | re-initialized to the checkpoint at epoch" : "re-randomized | re-initialized to the checkpoint at step");
        plot.YLabel("layer");
        return plot;
    }

    public static byte[] RenderPng(SensitivityMatrix table, long stepsPerEpoch = 1)
    {
        using var plot = Create(table, stepsPerEpoch);
        return plot.GetImageBytes(ImageWidth(table), ImageHeight(table), ImageFormat.Png);
    }

    public static string RenderSvg(SensitivityMatrix table, long stepsPerEpoch = 1)
    {
        using var plot = Create(table, stepsPerEpoch);
        return plot.GetSvgXml(ImageWidth(table), ImageHeight(table));
    }

    private static int ImageWidth(SensitivityMatrix table) => Math.Max(Width, 160 + 70 * (table.CheckpointSteps.Count + 1));

    private static int ImageHeight(SensitivityMatrix table) => Math.Max(300, 120 + 45 * table.Layers.Count);

    /// <summary>The checkpoint's epoch, to two significant digits below 1 (early checkpoints are small fractions of an
    /// epoch) and two decimals above; or its step when an epoch is one step.</summary>
    private static string ColumnLabel(long step, long stepsPerEpoch)
    {
        if (stepsPerEpoch <= 1) return step.ToString(CultureInfo.InvariantCulture);
        double epoch = (double)step / stepsPerEpoch;
        if (epoch >= 1 || epoch == 0) return epoch.ToString("0.##", CultureInfo.InvariantCulture);
        return double.Parse(epoch.ToString("G2", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).ToString("0.#########", CultureInfo.InvariantCulture);
    }
}

/// <summary>A robustness table drawn as a report figure (<see cref="Figure.Heatmap"/>): the table and the run's
/// parameter updates per epoch, which label the columns.</summary>
public sealed record HeatmapDrawing(SensitivityMatrix Table, long StepsPerEpoch);

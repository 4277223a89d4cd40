using NetGeometry.Reporting;
using NetGeometry.Sensitivity;
using static NetGeometry.Experiments.Reproductions.LayersEqual;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>layers-equal's figures: per optimizer and network the robustness heatmap (mean over seeds), how far each
/// layer moved, and the FCN layers' re-initialization rise along training.</summary>
internal static class LayersEqualFigures
{
    public static IReadOnlyList<Figure> Of(IReadOnlyList<LayersEqualRun> runs)
    {
        var figures = new List<Figure>();
        foreach (var optimizer in Optimizers)
            foreach (var (model, network) in new[] { (Fcn, "FCN (3 x 256)"), (Residual, $"residual MLP ({Depth} blocks of {Width})") })
                if (runs.Where(r => r.Optimizer == optimizer.Label && r.Model == model).ToList() is { Count: > 0 } group)
                {
                    figures.Add(Heatmap($"heatmap-{(model == Fcn ? "fcn" : "residual")}-{optimizer.Label}", $"{network}, {optimizer.Label}", group));
                    figures.Add(AlphaByLayer($"alpha-{(model == Fcn ? "fcn" : "residual")}-{optimizer.Label}", $"{network}, {optimizer.Label}", group));
                }
        figures.Add(Movement(runs));
        figures.Add(RiseByEpoch(runs));
        return figures;
    }

    /// <summary>The layers x (1 + checkpoints) heatmap, each cell the mean over the seeds; its chart (for the CSV) holds the
    /// same numbers, one series per layer, x the heatmap's column.</summary>
    private static Figure Heatmap(string id, string network, IReadOnlyList<LayersEqualRun> group)
    {
        var table = Mean(group.Select(r => r.Table).ToList());
        var matrix = table.Matrix;
        long perEpoch = group[0].StepsPerEpoch;
        var epochs = string.Join(", ", table.CheckpointSteps.Select(s => Text((double)s / perEpoch)));
        var series = table.Layers.Select((layer, l) => new ChartSeries(layer,
            Enumerable.Range(0, matrix.GetLength(1)).Select(c => (double)c).ToList(),
            Enumerable.Range(0, matrix.GetLength(1)).Select(c => matrix[l, c]).ToList())).ToList();
        return new Figure(id, $"Layer robustness of the {network}",
            $"Test error (1 - accuracy on {table.DataName}) of the trained {network} with one layer changed, the mean over {group.Count} " +
            $"seed(s): rows the layers from the input up, the first column the layer re-randomized (mean of {Draws} fresh draws from its " +
            $"initializer), then the layer re-initialized to its value at the checkpoints at epochs {epochs}; the unchanged network's error " +
            $"(mean over the seeds) is {Text(table.Baseline)}. A robust layer's row stays near that error; chance is 0.9.",
            new Chart(new ChartAxis("column (0: re-randomized; 1 on: re-initialized to the checkpoints in order)", AxisScale.Linear),
                new ChartAxis("test error (1 - accuracy)", AxisScale.Linear), series))
        { Heatmap = new HeatmapDrawing(table, perEpoch) };
    }

    /// <summary>Beside a heatmap: each trained layer's weight-spectrum alpha, layers from the input up as the heatmap's
    /// rows, the mean over the seeds with their range as a band.</summary>
    private static Figure AlphaByLayer(string id, string network, IReadOnlyList<LayersEqualRun> group)
    {
        var layers = group[0].Layers;
        double[] Over(Func<IEnumerable<double>, double> reduce) =>
            layers.Select(l => group.Select(r => r.Alpha.GetValueOrDefault(l, double.NaN)).ToList() is var values && values.All(double.IsFinite) ? reduce(values) : double.NaN).ToArray();
        var series = new ChartSeries("alpha (mean over the seeds; band: their range)", Enumerable.Range(1, layers.Count).Select(i => (double)i).ToList(), Over(Enumerable.Average))
        {
            BandLow = Over(Enumerable.Min),
            BandHigh = Over(Enumerable.Max),
        };
        return new Figure(id, $"Weight-spectrum alpha by layer of the {network}",
            $"The power-law exponent alpha of the tail of each trained layer's eigenvalues of W^T W / N (Martin & Mahoney; maximum likelihood with " +
            $"x_min by the Kolmogorov-Smirnov distance, Clauset et al. 2009), layers numbered from the input as the heatmap's rows ({string.Join(", ", layers)}), " +
            $"the mean over {group.Count} seed(s). Martin & Mahoney read alpha of about 2 to 6 as well trained; a layer with fewer than 10 eigenvalues has none.",
            new Chart(new ChartAxis("layer (1 = next to the input)", AxisScale.Linear), new ChartAxis("alpha", AxisScale.Linear), [series]));
    }

    /// <summary>The element-wise mean of tables of the same layers and checkpoints (the seeds' tables of one network).</summary>
    private static SensitivityMatrix Mean(IReadOnlyList<SensitivityMatrix> tables)
    {
        var first = tables[0];
        double[,] Average(Func<SensitivityMatrix, double[,]> of)
        {
            var result = new double[of(first).GetLength(0), of(first).GetLength(1)];
            for (int i = 0; i < result.GetLength(0); i++)
                for (int j = 0; j < result.GetLength(1); j++) result[i, j] = tables.Average(t => of(t)[i, j]);
            return result;
        }
        return first with { Rerandomized = Average(t => t.Rerandomized), Reinitialized = Average(t => t.Reinitialized), Baseline = tables.Average(t => t.Baseline) };
    }

    /// <summary>The relative distance of each layer from its initialization at the end of training, layers in network
    /// order, one line per optimizer and network (mean over seeds).</summary>
    private static Figure Movement(IReadOnlyList<LayersEqualRun> runs)
    {
        var series = runs.GroupBy(r => (r.Optimizer, r.Model)).Select(g => new ChartSeries(
            $"{(g.Key.Model == Fcn ? "FCN (3 x 256)" : $"residual MLP ({Depth} blocks)")}, {g.Key.Optimizer}",
            Enumerable.Range(1, g.First().Layers.Count).Select(i => (double)i).ToList(),
            g.First().Layers.Select(l => g.Average(r => r.Moved(l))).ToList())).ToList();
        return new Figure("movement-by-layer", "How far each layer moved from its initialization",
            "||W_T - W_0||_F / ||W_0||_F of each layer (weight and bias) after training, mean over the seeds, layers numbered from the input " +
            $"(FCN: layer1 to layer4 = output; residual MLP: input projection, block1 to block{Depth}, output), one line per network and optimizer. " +
            "Zhang et al. report that robust layers hardly move and critical ones move.",
            new Chart(new ChartAxis("layer (1 = next to the input)", AxisScale.Linear), new ChartAxis("relative distance from initialization (ratio)", AxisScale.Linear), series));
    }

    /// <summary>The rise of the FCN's test error when a layer is re-initialized to its initial value, at each probed epoch:
    /// one line per optimizer and layer (mean over seeds), beside the robustness threshold.</summary>
    private static Figure RiseByEpoch(IReadOnlyList<LayersEqualRun> runs)
    {
        var series = runs.Where(r => r.Model == Fcn).GroupBy(r => r.Optimizer).SelectMany(g => g.First().Layers.Select(layer =>
        {
            var rises = g.Select(r => r.Rises(layer)).ToList();
            var steps = rises[0].Select(r => r.Step).ToList();
            return new ChartSeries($"{layer}, {g.Key}", steps.Select(s => (double)s / g.First().StepsPerEpoch).ToList(),
                Enumerable.Range(0, steps.Count).Select(i => rises.Average(r => i < r.Count ? r[i].Rise : double.NaN)).ToList());
        })).ToList();
        if (series.Count > 0)
            series.Add(new ChartSeries($"robustness threshold {Text(RobustRise)}", [series.Min(s => s.X.FirstOrDefault()), series.Max(s => s.X.LastOrDefault())],
                [RobustRise, RobustRise], SeriesStyle.Dashed));
        return new Figure("reinit-rise-by-epoch", "The FCN's re-initialization rise along training",
            "The test error of the FCN as trained up to each epoch with one layer reset to its initial value, minus the unchanged network's, " +
            $"one line per layer and optimizer (mean over the seeds; the reinit probe), and the robustness threshold {Text(RobustRise)}.",
            new Chart(new ChartAxis("epoch", AxisScale.Linear), new ChartAxis("rise of the test error", AxisScale.Linear), series));
    }
}

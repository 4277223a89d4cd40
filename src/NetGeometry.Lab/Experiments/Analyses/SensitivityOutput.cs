using System.Globalization;
using System.Text;
using NetGeometry.Reporting;
using NetGeometry.Sensitivity;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// The sensitivity analysis's run directory: metrics reinitialized_&lt;kind&gt; (step = checkpoint, one series per
/// layer; kind is "error" or "loss"), summaries baseline_&lt;kind&gt; and rerandomized_&lt;kind&gt;:&lt;layer&gt; (the mean
/// over draws), sensitivity.csv (the layers x (1 + checkpoints) table, each draw too) and plots/sensitivity.png (the
/// heatmap).
/// </summary>
public static class SensitivityOutput
{
    /// <summary>The table's file in the analysis's directory.</summary>
    public const string TableFile = "sensitivity.csv";

    /// <summary>The heatmap's file in the analysis's directory.</summary>
    public const string HeatmapFile = "plots/sensitivity.png";

    /// <summary>Writes the analysis of a saved run (its directory is the spec's source, its epochs label the heatmap).</summary>
    public static string Write(string root, SavedRun run, SensitivityOptions options, SensitivityMatrix table) =>
        Write(root, new AnalysisSpec("sensitivity", run.Directory, options), run.StepsPerEpoch, table);

    /// <summary>Writes runs/sensitivity-&lt;time&gt;/ under <paramref name="root"/> with the spec, metrics, table and heatmap
    /// (its columns labelled in epochs when <paramref name="stepsPerEpoch"/> is above 1); returns the directory.</summary>
    public static string Write(string root, AnalysisSpec spec, long stepsPerEpoch, SensitivityMatrix table) =>
        AnalysisOutput.Write(root, "sensitivity", spec, directory =>
        {
            string kind = table.ErrorKind;
            var metrics = new List<Metric>();
            for (int l = 0; l < table.Layers.Count; l++)
                for (int c = 0; c < table.CheckpointSteps.Count; c++)
                    metrics.Add(new Metric(table.CheckpointSteps[c], $"reinitialized_{kind}", table.Layers[l], table.Reinitialized[l, c]));
            directory.Store.Record(metrics);
            directory.Store.SetSummary($"baseline_{kind}", table.Baseline);
            var matrix = table.Matrix;
            for (int l = 0; l < table.Layers.Count; l++) directory.Store.SetSummary($"rerandomized_{kind}:{table.Layers[l]}", matrix[l, 0]);
            AnalysisOutput.AddFile(directory, TableFile, ArtifactKinds.Csv, stream => WriteTable(stream, table));
            var png = SensitivityHeatmap.RenderPng(table, stepsPerEpoch);
            AnalysisOutput.AddFile(directory, HeatmapFile, ArtifactKinds.Plot, stream => stream.Write(png));
        });

    /// <summary>Header "layer,rerandomized,step_&lt;s&gt;...,draw_&lt;k&gt;...", one row per layer, invariant culture.</summary>
    private static void WriteTable(Stream stream, SensitivityMatrix table)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        var matrix = table.Matrix;
        int draws = table.Rerandomized.GetLength(1);
        writer.Write(string.Join(",", new[] { "layer", "rerandomized" }
            .Concat(table.CheckpointSteps.Select(s => $"step_{s}")).Concat(Enumerable.Range(0, draws).Select(k => $"draw_{k}"))) + "\n");
        for (int l = 0; l < table.Layers.Count; l++)
        {
            var row = Enumerable.Range(0, matrix.GetLength(1)).Select(c => matrix[l, c])
                .Concat(Enumerable.Range(0, draws).Select(k => table.Rerandomized[l, k]))
                .Select(v => v.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(table.Layers[l] + "," + string.Join(",", row) + "\n");
        }
    }
}

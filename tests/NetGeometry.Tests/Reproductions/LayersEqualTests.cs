using System.Globalization;
using System.Text.Json;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Reporting;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// The machinery of layers-equal, on one real quick run: the verdicts are computed from the data (doctored results flip
/// them; one number recomputed from the cells' metrics), the checks pass, every line says its kind and seeds. No test
/// requires a claim of the paper to hold: a true negative result exits 3 and passes.
/// </summary>
[Collection(LayersEqualQuickCollection.Name)]
public sealed class LayersEqualTests(LayersEqualQuickRun run)
{
    private static readonly string[] Optimizers = ["sgd", "adam"];
    private static readonly string[] ClaimNames = ["rerandomized-near-chance", "first-layer-critical", "upper-layers-robust", "upper-layers-move-less", "residual-more-robust"];
    private static readonly string[] Checks = ["reopened-run-is-trained-run", "probe-matches-checkpoints"];
    private static readonly string[] Figures = ["heatmap-fcn-sgd", "heatmap-residual-sgd", "heatmap-fcn-adam", "heatmap-residual-adam", "alpha-fcn-sgd",
        "alpha-residual-sgd", "alpha-fcn-adam", "alpha-residual-adam", "movement-by-layer", "reinit-rise-by-epoch"];

    private IReadOnlyList<JsonElement> Lines() =>
        run.Result.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private JsonElement Line(string name) => Lines().Single(l => l.GetProperty("name").GetString() == $"layers-equal/{name}");

    [Fact]
    public void ItExitsZeroOrThreeEveryCheckPassesAndEveryLineSaysItsKindAndSeeds()
    {
        Assert.True(run.Result.ExitCode is 0 or 3, run.Diagnostics);
        var lines = Lines();
        var expected = Optimizers.SelectMany(o => ClaimNames.Select(c => $"layers-equal/{o}-{c}")).Concat(Checks.Select(c => $"layers-equal/{c}"));
        Assert.Equal(expected, lines.Select(l => l.GetProperty("name").GetString()));
        foreach (var line in lines)
        {
            string name = line.GetProperty("name").GetString()!;
            bool check = Checks.Any(c => name.EndsWith(c, StringComparison.Ordinal));
            Assert.Equal(check ? "check" : "claim", line.GetProperty("kind").GetString());
            Assert.Equal(LayersEqual.Seeds.Length, line.GetProperty("seeds").GetInt32());
            if (check) Assert.True(line.GetProperty("holds").GetBoolean(), name);
            else Assert.Equal(2, line.GetProperty("ci95").GetArrayLength());
            // Post hoc: every Adam line (Adam chosen after SGD's margins) and the movement claim (narrowed after the output layer moved most).
            Assert.Equal(name.Contains("/adam-", StringComparison.Ordinal) || name.EndsWith("move-less", StringComparison.Ordinal), line.GetProperty("post_hoc").GetBoolean());
        }
        Assert.Equal(run.Result.ExitCode == 0, lines.Where(l => l.GetProperty("kind").GetString() == "claim").All(l => l.GetProperty("holds").GetBoolean()));
    }

    /// <summary>
    /// One analysis of doctored stored results (each analysis reopens every cell: one is kept to save time): the reinit
    /// probe's values of the FCN's layer2 and layer3 set to make them robust (a rise of 0) where the run found them not,
    /// and fragile (a rise of 0.5) where it found them robust; layer1's movement set to make the movement claim fail
    /// where it held and hold where it failed. Both claims flip, for both optimizers; the lines nothing doctored reads
    /// (re-randomization) are what the run printed, numbers included.
    /// </summary>
    [Fact]
    public void DoctoredResultsFlipTheUpperLayersRobustnessAndTheMovementClaims()
    {
        var printed = Lines().ToDictionary(l => l.GetProperty("name").GetString()!["layers-equal/".Length..]);
        bool Held(CellResult c, string claim) => printed[$"{LayersEqual.OptimizerOf(c)}-{claim}"].GetProperty("holds").GetBoolean();
        static double Error(CellResult c, long step) => 1 - c.Series("test_accuracy").Single(a => a.Step == step).Value;
        var doctored = SweepResults.Load(run.Directory)
            .WithMetric(LayersEqualRun.ReinitError, (c, m) => c.Cell.Spec.Network.Model == LayersEqual.Fcn && m.Layer is "layer2" or "layer3"
                ? Error(c, m.Step) + (Held(c, "upper-layers-robust") ? 0.5 : 0) : m.Value)
            .WithMetric(LayersEqual.Movement, (c, m) => c.Cell.Spec.Network.Model == LayersEqual.Fcn && m.Layer == "layer1"
                ? (Held(c, "upper-layers-move-less") ? 1e-6 : 1e6) : m.Value);
        var analyzed = new LayersEqual().Analyze(doctored).Claims.ToDictionary(c => c.Name);
        foreach (var optimizer in Optimizers)
        {
            foreach (var claim in new[] { "upper-layers-robust", "upper-layers-move-less" })
                Assert.NotEqual(printed[$"{optimizer}-{claim}"].GetProperty("holds").GetBoolean(), analyzed[$"{optimizer}-{claim}"].Holds);
            var chance = printed[$"{optimizer}-rerandomized-near-chance"];
            Assert.Equal(chance.GetProperty("measured").GetDouble(), analyzed[$"{optimizer}-rerandomized-near-chance"].Measured, 12);
            Assert.Equal(chance.GetProperty("holds").GetBoolean(), analyzed[$"{optimizer}-rerandomized-near-chance"].Holds);
        }
    }

    /// <summary>adam-upper-layers-robust recomputed from the cells' metrics.csv: per seed, the largest over the probed epochs
    /// and layer2, layer3 of reinit_error - (1 - test_accuracy); the mean over seeds and its 95% t interval.</summary>
    [Fact]
    public void TheUpperLayersRobustnessIsRecomputedFromTheCellsMetrics()
    {
        var worst = Cells().Where(c => c.Spec.Training.Optimizer == "adam" && c.Spec.Network.Model == LayersEqual.Fcn).OrderBy(c => c.Spec.Seed).Select(c =>
        {
            var rows = MetricRows(c.Directory);
            var error = rows.Where(r => r.Name == "test_accuracy").ToDictionary(r => r.Step, r => 1 - r.Value);
            return rows.Where(r => r.Name == "reinit_error" && r.Layer is "layer2" or "layer3" && r.Step > 0).Max(r => r.Value - error[r.Step]);
        }).ToList();
        Assert.Equal(LayersEqual.Seeds.Length, worst.Count);
        double mean = worst.Average(), sd = Math.Sqrt(worst.Sum(w => (w - mean) * (w - mean)) / (worst.Count - 1));
        double half = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, worst.Count - 1, 0.975) * sd / Math.Sqrt(worst.Count);
        var line = Line("adam-upper-layers-robust");
        Assert.Equal(mean, line.GetProperty("measured").GetDouble(), 12);
        var ci = line.GetProperty("ci95");
        Assert.Equal(mean - half, ci[0].GetDouble(), 9);
        Assert.Equal(mean + half, ci[1].GetDouble(), 9);
        Assert.Equal(mean + half < LayersEqual.RobustRise, line.GetProperty("holds").GetBoolean());
    }

    [Fact]
    public void EachCellKeepsTheCheckpointsTheHeatmapReadsButInitializationNoArraysAndTheFolderSizeIsSaid()
    {
        foreach (var (directory, spec) in Cells())
        {
            using var store = ResultsStore.Open(Path.Combine(directory, RunDirectory.StoreFile));
            Assert.Equal(spec.Training.ResolveCheckpointSteps(spec.Data.Train!.Value).Where(step => step != 0).Order(), store.CheckpointSteps(store.Runs().Single().Id));
            Assert.False(Directory.Exists(Path.Combine(directory, RunDirectory.ArraysFolder)));
        }
        Assert.Matches(@"^layers-equal \(quick\): [0-9.]+ MB in .*layers-equal-quick$", run.Result.StderrLines[^1]);
        Assert.Matches(@"The folder held [0-9.]+ MB when this report was written", File.ReadAllText(Path.Combine(run.Directory, "report.html")));
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReport()
    {
        Assert.Equal(LayersEqual.Seeds.Length * 4, Cells().Count);
        // stdout leaves out a null "ci95", claims.jsonl writes it: compare the fields that carry the verdicts.
        static string Verdict(string line)
        {
            var claim = JsonDocument.Parse(line).RootElement;
            return $"{claim.GetProperty("claim").GetString()}|{claim.GetProperty("measured").GetDouble():R}|{claim.GetProperty("expected").GetString()}|{claim.GetProperty("holds").GetBoolean()}";
        }
        Assert.Equal(run.Result.StdoutLines.Select(Verdict), File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")).Select(Verdict));
        foreach (var figure in Figures)
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        Assert.Contains("Layer robustness of the FCN", File.ReadAllText(Path.Combine(run.Directory, "report.html")));
    }

    [Fact]
    public void HeatmapFiguresAreDrawnAsHeatmapsNotCharts()
    {
        foreach (var figure in Figures)
        {
            var png = File.ReadAllBytes(Path.Combine(run.Directory, "figures", figure + ".png"));
            int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            if (figure.StartsWith("heatmap", StringComparison.Ordinal))
                Assert.True(width >= SensitivityHeatmap.Width && width < ChartRenderer.Width * ChartRenderer.PngScale, $"{figure}: {width}");
            else
                Assert.Equal((int)(ChartRenderer.Width * ChartRenderer.PngScale), width);
        }
    }

    /// <summary>The heatmaps are means over the seeds: the last column (each layer re-initialized to the final checkpoint,
    /// i.e. unchanged) is the mean over the seeds of the test error training recorded last.</summary>
    [Fact]
    public void TheHeatmapsLastColumnIsTheMeanRecordedTestError()
    {
        foreach (var optimizer in Optimizers)
            foreach (var (figure, model) in new[] { ("fcn", LayersEqual.Fcn), ("residual", LayersEqual.Residual) })
            {
                var error = Cells().Where(c => c.Spec.Network.Model == model && LayersEqual.Optimizers.Single(o => o.Label == optimizer).Optimizer == c.Spec.Training.Optimizer)
                    .Average(c => 1 - MetricRows(c.Directory).Where(r => r.Name == "test_accuracy").MaxBy(r => r.Step)!.Value);
                foreach (var values in HeatmapRows($"heatmap-{figure}-{optimizer}").Values) Assert.Equal(error, values[^1], 12);
            }
    }

    /// <summary>Each cell's folder with its spec.</summary>
    private List<(string Directory, RunSpec Spec)> Cells() =>
        Directory.GetDirectories(Path.Combine(run.Directory, "cells"))
            .Select(d => (d, RunSpec.FromJson(File.ReadAllText(Path.Combine(d, RunDirectory.SpecFile)), "spec.json"))).ToList();

    /// <summary>The heatmap's CSV: per layer (series), the values by column (0: re-randomized, then the checkpoints).</summary>
    private Dictionary<string, double[]> HeatmapRows(string figure) =>
        File.ReadAllLines(Path.Combine(run.Directory, "figures", figure + ".csv")).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(f => f[0])
            .ToDictionary(g => g.Key, g => g.OrderBy(f => double.Parse(f[1], CultureInfo.InvariantCulture)).Select(f => double.Parse(f[2], CultureInfo.InvariantCulture)).ToArray());

    /// <summary>A cell's metrics.csv, read without the library.</summary>
    private static List<(long Step, string Name, string Layer, double Value)> MetricRows(string cell)
    {
        var lines = File.ReadAllLines(Path.Combine(cell, "metrics.csv"));
        var header = lines[0].Split(',');
        int step = Array.IndexOf(header, "step"), name = Array.IndexOf(header, "name"), layer = Array.IndexOf(header, "layer"), value = Array.IndexOf(header, "value");
        return lines.Skip(1).Select(l => l.Split(',')).Select(f => (long.Parse(f[step], CultureInfo.InvariantCulture), f[name], f[layer],
            double.Parse(f[value], CultureInfo.InvariantCulture))).ToList();
    }
}

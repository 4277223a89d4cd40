using System.Globalization;
using System.Text.Json;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Reporting;

namespace NetGeometry.Tests.Reproductions;

[Collection(LayersEqualQuickCollection.Name)]
public sealed class LayersEqualTests(LayersEqualQuickRun run)
{
    private static readonly string[] Figures = ["heatmap-fcn", "heatmap-residual", "movement-by-layer"];

    private IReadOnlyList<JsonElement> Claims() =>
        run.Result.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public void AllFourClaimsHoldOnTheQuickProfileAndTheCommandExitsZero()
    {
        Assert.True(run.Result.ExitCode == 0, run.Diagnostics);
        var claims = Claims();
        Assert.Equal(4, claims.Count);
        foreach (var claim in claims)
        {
            Assert.Equal("layers-equal", claim.GetProperty("reproduction").GetString());
            Assert.True(claim.GetProperty("holds").GetBoolean(), claim.GetProperty("claim").GetString());
        }
        Assert.InRange(claims[0].GetProperty("measured").GetDouble(), LayersEqual.NearChance, 1);
        Assert.InRange(claims[1].GetProperty("measured").GetDouble(), LayersEqual.FirstLayerMargin, 1);
        Assert.InRange(claims[2].GetProperty("measured").GetDouble(), 0, 1 - 1e-9);
        Assert.True(claims[3].GetProperty("measured").GetDouble() > 0);
    }

    [Fact]
    public void EachCellKeepsTheCheckpointsTheHeatmapReadsButInitializationNoArraysAndTheFolderSizeIsSaid()
    {
        foreach (var cell in Directory.GetDirectories(Path.Combine(run.Directory, "cells")))
        {
            using var store = ResultsStore.Open(Path.Combine(cell, RunDirectory.StoreFile));
            var spec = RunSpec.FromJson(File.ReadAllText(Path.Combine(cell, RunDirectory.SpecFile)), "spec.json");
            Assert.Equal(spec.Training.ResolveCheckpointSteps(spec.Data.Train!.Value).Where(step => step != 0).Order(), store.CheckpointSteps(store.Runs().Single().Id));
            Assert.False(Directory.Exists(Path.Combine(cell, RunDirectory.ArraysFolder)));
        }
        Assert.Matches(@"^layers-equal \(quick\): [0-9.]+ MB in .*layers-equal-quick$", run.Result.StderrLines[^1]);
        Assert.Matches(@"The folder held [0-9.]+ MB when this report was written", File.ReadAllText(Path.Combine(run.Directory, "report.html")));
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReport()
    {
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
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
        var report = File.ReadAllText(Path.Combine(run.Directory, "report.html"));
        Assert.Contains("Layer robustness of the FCN", report);
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

    /// <summary>The last heatmap column re-initializes each layer to the final checkpoint, i.e. changes nothing: it must
    /// equal the test error that training recorded at its last step (1 - test_accuracy): the reopened run (data and network
    /// rebuilt from the spec, checkpoints restored) is the trained one.</summary>
    [Fact]
    public void ReinitializingToTheFinalCheckpointGivesTheErrorTrainingRecorded()
    {
        foreach (var (figure, cell) in new[] { ("heatmap-fcn", "model-mlp"), ("heatmap-residual", "model-residual-mlp") })
        {
            var rows = HeatmapRows(figure);
            var accuracy = FinalMetric(cell, "test_accuracy");
            foreach (var values in rows.Values) Assert.Equal(1 - accuracy, values[^1], 12);
        }
    }

    /// <summary>The claims' numbers follow from the figures' data and the runs' metrics.</summary>
    [Fact]
    public void TheClaimsAgreeWithTheHeatmapsAndTheMovementMetrics()
    {
        var claims = Claims();
        var fcn = HeatmapRows("heatmap-fcn");
        double baseline = fcn["layer1"][^1];
        Assert.Equal(fcn.Values.Min(v => v[0]), claims[0].GetProperty("measured").GetDouble(), 12);
        var rises = fcn.ToDictionary(r => r.Key, r => r.Value[1] - baseline);
        Assert.Equal(rises["layer1"] - new[] { "layer2", "layer3", "layer4" }.Max(l => rises[l]), claims[1].GetProperty("measured").GetDouble(), 12);
        var moved = Enumerable.Range(1, 4).ToDictionary(l => l, l => FinalMetric("model-mlp", "relative_distance_from_init", $"layer{l}"));
        Assert.Equal(Math.Max(moved[2], moved[3]) / moved[1], claims[2].GetProperty("measured").GetDouble(), 12);
        var residual = HeatmapRows("heatmap-residual");
        double Fraction(Dictionary<string, double[]> rows) => rows.Count(r => r.Value[1] - r.Value[^1] < LayersEqual.RobustRise) / (double)rows.Count;
        Assert.Equal(Fraction(residual) - Fraction(fcn), claims[3].GetProperty("measured").GetDouble(), 12);
    }

    /// <summary>The heatmap's CSV: per layer (series), the values by column (0: re-randomized, then the checkpoints).</summary>
    private Dictionary<string, double[]> HeatmapRows(string figure) =>
        File.ReadAllLines(Path.Combine(run.Directory, "figures", figure + ".csv")).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(f => f[0])
            .ToDictionary(g => g.Key, g => g.OrderBy(f => double.Parse(f[1], CultureInfo.InvariantCulture)).Select(f => double.Parse(f[2], CultureInfo.InvariantCulture)).ToArray());

    /// <summary>A metric's value at the last step it was recorded, from a cell's metrics.csv.</summary>
    private double FinalMetric(string cellPrefix, string name, string layer = "")
    {
        var cell = Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Single(d => Path.GetFileName(d).StartsWith(cellPrefix + "-", StringComparison.Ordinal));
        var lines = File.ReadAllLines(Path.Combine(cell, "metrics.csv"));
        var header = lines[0].Split(',');
        int step = Array.IndexOf(header, "step"), metric = Array.IndexOf(header, "name"), layerColumn = Array.IndexOf(header, "layer"), value = Array.IndexOf(header, "value");
        var last = lines.Skip(1).Select(l => l.Split(',')).Where(f => f[metric] == name && f[layerColumn] == layer)
            .MaxBy(f => long.Parse(f[step], CultureInfo.InvariantCulture))!;
        return double.Parse(last[value], CultureInfo.InvariantCulture);
    }
}

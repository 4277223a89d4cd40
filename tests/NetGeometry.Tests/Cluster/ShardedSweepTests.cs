using System.Text.Json;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cluster;

/// <summary>
/// A sweep run as separate processes, each its shard or cell (as a job array's tasks would), then collected: against
/// the same sweep run on one machine, cell for cell and number for number. Real netgeo processes, one libtorch thread each.
/// </summary>
[Collection(SweepResumeTests.Name)]
public sealed class ShardedSweepTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    /// <summary>Six cells of a fraction of a second each.</summary>
    internal const string Spec = """
        {
          "name": "spread",
          "network": { "model": "two-layer-relu" },
          "data": { "source": "sphere", "train": 30, "dim": 6 },
          "training": { "optimizer": "gd", "learningRate": 5, "steps": 200, "probes": ["loss", "distance"], "probeSchedule": "every:25" },
          "sweep": { "network.widths": [64, 128], "seed": [0, 1, 2] }
        }
        """;

    [Fact]
    public void ThreeShardsCollectedEqualOneMachineNumberForNumberAndCollectingAgainCopiesNothing()
    {
        var spec = root.File("spread.json");
        File.WriteAllText(spec, Spec);
        var sweep = Path.Combine(root.Path, "cluster", "runs", "spread");
        for (int shard = 0; shard < 3; shard++)
        {
            var task = Netgeo.Run(root.Path, "run", spec, "--shard", $"{shard}/3", "--threads", "1", "--out", "cluster");
            Assert.True(task.ExitCode == 0, task.Stderr);
        }
        Assert.False(File.Exists(SweepDirectory.StorePath(sweep)), "tasks write only their cells' folders, never the sweep's store");
        Assert.Equal(6, Directory.GetFiles(Path.Combine(sweep, "cells"), FinishedCell.File, SearchOption.AllDirectories).Length);

        var collect = Netgeo.Run(root.Path, "collect", sweep, "--json");
        Assert.True(collect.ExitCode == 0, collect.Stdout + collect.Stderr);
        var summary = JsonDocument.Parse(collect.StdoutLines.Single()).RootElement;
        Assert.Equal((6, 6, true), (summary.GetProperty("copied").GetInt32(), summary.GetProperty("stored").GetInt32(), summary.GetProperty("complete").GetBoolean()));
        var collected = StoredNumbers(sweep);

        var again = Netgeo.Run(root.Path, "collect", sweep, "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(again.StdoutLines.Single()).RootElement.GetProperty("copied").GetInt32());
        Assert.Equal(collected, StoredNumbers(sweep));

        var local = Netgeo.Run(root.Path, "run", spec, "--threads", "1", "--out", "local");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal(StoredNumbers(Path.Combine(root.Path, "local", "runs", "spread")), collected);
        Assert.True(File.Exists(Path.Combine(sweep, "report.html")));
    }

    [Fact]
    public void ACellWithoutItsFinishedMarkIsListedHalfWrittenNotCollectedAndOneMachineRunsReuseTheMarkedCells()
    {
        var spec = root.File("spread.json");
        File.WriteAllText(spec, Spec);
        var cells = ExperimentSpec.Parse(Spec, "spread.json").Cells();
        var sweep = Path.Combine(root.Path, "runs", "spread");
        foreach (var index in new[] { 1, 4 })
            Assert.Equal(0, Netgeo.Run(root.Path, "run", spec, "--cell", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "--threads", "1").ExitCode);
        // The worst moment for a kill: the cell's run ended and its store says completed, but the mark is not written yet.
        File.Delete(Path.Combine(sweep, "cells", cells[4].FolderName, FinishedCell.File));

        var collect = Netgeo.Run(root.Path, "collect", sweep, "--json");

        Assert.Equal(4, collect.ExitCode);
        var lines = collect.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var states = lines.Where(l => l.TryGetProperty("state", out _)).ToDictionary(l => l.GetProperty("index").GetInt32(), l => l.GetProperty("state").GetString());
        Assert.Equal([0, 2, 3, 4, 5], states.Keys.Order());
        Assert.Equal("half-written", states[4]![..12]);
        Assert.All(new[] { 0, 2, 3, 5 }, i => Assert.Equal("not run", states[i]));
        Assert.Equal([0, 2, 3, 4, 5], lines[^1].GetProperty("rerun").EnumerateArray().Select(e => e.GetInt32()));
        using (var store = ResultsStore.Open(SweepDirectory.StorePath(sweep)))
            Assert.Equal([cells[1].Key], store.Cells().Keys);

        // One machine takes over: cell 1, collected, is reused; cell 4, unmarked, runs again; the others run.
        var local = Netgeo.Run(root.Path, "run", spec, "--threads", "1", "--json");
        Assert.True(local.ExitCode == 0, local.Stderr);
        var reused = local.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).Where(l => l.GetProperty("reused").GetBoolean()).Select(l => l.GetProperty("key").GetString());
        Assert.Equal([cells[1].Key], reused);
        using (var store = ResultsStore.Open(SweepDirectory.StorePath(sweep)))
            Assert.Equal(cells.Select(c => c.Key).Order(), store.Cells().Keys.Order());
    }

    [Fact]
    public void OneMachineRunCopiesInTheCellsTasksFinishedInsteadOfRunningThemAgain()
    {
        var spec = root.File("spread.json");
        File.WriteAllText(spec, Spec);
        var cells = ExperimentSpec.Parse(Spec, "spread.json").Cells();
        Assert.Equal(0, Netgeo.Run(root.Path, "run", spec, "--shard", "0/3", "--threads", "1").ExitCode);  // cells 0 and 3

        var local = Netgeo.Run(root.Path, "run", spec, "--threads", "1", "--json");

        Assert.True(local.ExitCode == 0, local.Stderr);
        var reused = local.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).Where(l => l.GetProperty("reused").GetBoolean()).Select(l => l.GetProperty("key").GetString());
        Assert.Equal(new[] { cells[0].Key, cells[3].Key }.Order(), reused.Order());
    }

    [Fact]
    public void AReproductionRunInShardsThenCollectedWritesTheOneMachineReportAndVerdicts()
    {
        foreach (var shard in new[] { "0/2", "1/2" })
        {
            var task = Netgeo.Run(root.Path, "reproduce", "lazy-training", "--quick", "--shard", shard, "--threads", "1", "--out", "cluster");
            Assert.True(task.ExitCode == 0, task.Stderr);
        }
        var sweep = Path.Combine(root.Path, "cluster", "runs", "lazy-training-quick");
        Assert.False(File.Exists(Path.Combine(sweep, "claims.jsonl")), "a task runs no analysis");

        var collect = Netgeo.Run(root.Path, "collect", sweep);
        var local = Netgeo.Run(root.Path, "reproduce", "lazy-training", "--quick", "--threads", "1", "--out", "local");

        Assert.True(collect.ExitCode == local.ExitCode, collect.Stdout + collect.Stderr);
        Assert.Contains("relative-distance-slope", collect.Stdout);
        var one = Path.Combine(root.Path, "local", "runs", "lazy-training-quick");
        foreach (var file in new[] { "claims.jsonl", "metrics.csv" }.Concat(Directory.GetFiles(Path.Combine(one, "figures")).Select(f => Path.Combine("figures", Path.GetFileName(f)))))
            Assert.True(File.ReadAllBytes(Path.Combine(one, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(sweep, file))), $"{file} differs");
        // report.html and cells.csv differ only in each cell's wall-clock seconds
        Assert.Equal(WithoutSeconds(one, "report.html"), WithoutSeconds(sweep, "report.html"));
        Assert.Equal(WithoutSeconds(one, "cells.csv"), WithoutSeconds(sweep, "cells.csv"));
    }

    /// <summary>A file of a sweep's folder with every cell's "seconds" summary (as cells.csv gives it) blanked out.</summary>
    private static string WithoutSeconds(string sweep, string file)
    {
        var rows = File.ReadAllLines(Path.Combine(sweep, "cells.csv"));
        int column = Array.IndexOf(rows[0].Split(','), "seconds");
        var text = File.ReadAllText(Path.Combine(sweep, file));
        foreach (var seconds in rows.Skip(1).Select(r => r.Split(',')[column]).Distinct())
        {
            var shown = double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture).ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
            text = text.Replace($">{shown}<", "><").Replace($",{seconds},", ",,");
        }
        return text;
    }

    /// <summary>Every stored cell's metrics, bit for bit, by cell key.</summary>
    internal static SortedDictionary<string, string> StoredNumbers(string sweep)
    {
        using var store = ResultsStore.Open(SweepDirectory.StorePath(sweep));
        return new SortedDictionary<string, string>(store.Cells().ToDictionary(c => c.Key, c => string.Join(";",
            store.Metrics(c.Value.Id).Select(m => $"{m.Step}:{m.Name}:{m.Layer}:{BitConverter.DoubleToInt64Bits(m.Value)}"))), StringComparer.Ordinal);
    }
}

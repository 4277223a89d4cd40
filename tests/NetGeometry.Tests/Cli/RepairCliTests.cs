using System.Text.Json;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// netgeo repair on a real three-cell sweep: a damaged sweep store is rebuilt from the cell folders without running a
/// cell, and a cell whose own store is damaged is named and then run again by the next netgeo run (and only it).
/// </summary>
public sealed class RepairCliTests : IDisposable
{
    private const string Spec = """
        {
          "name": "tiny",
          "network": { "model": "two-layer-relu" },
          "data": { "source": "sphere", "train": 10, "dim": 3 },
          "training": { "optimizer": "gd", "learningRate": 1, "steps": 5, "probes": ["loss"], "probeSchedule": "every:1" },
          "sweep": { "network.widths": [8, 16, 32] }
        }
        """;

    private readonly TempFolder root = new();
    private readonly string specFile;
    private readonly string sweep;
    private readonly string store;

    public RepairCliTests()
    {
        specFile = root.File("tiny.json");
        File.WriteAllText(specFile, Spec);
        sweep = Path.Combine(root.Path, "runs", "tiny");
        store = Path.Combine(sweep, RunDirectory.StoreFile);
        var first = Netgeo.Run(root.Path, "run", specFile, "--threads", "1");
        Assert.True(first.ExitCode == 0, first.Stderr);
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void ADamagedSweepStoreIsRebuiltFromItsCellsAndNothingRunsAgain()
    {
        var before = Cells();
        File.WriteAllBytes(store, StoreFiles.Garble(File.ReadAllBytes(store)));

        var damaged = StoreFiles.AssertRefused(Netgeo.Run(root.Path, "run", specFile, "--threads", "1"), $"{store} is damaged (");
        Assert.Contains($"run `netgeo repair {sweep}`", damaged);

        var repair = Netgeo.Run(root.Path, "repair", sweep);

        Assert.True(repair.ExitCode == 0, repair.Stdout + repair.Stderr);
        Assert.Contains("with 3 of 3 cells from their folders; the damaged file is kept as results.sqlite.damaged-", repair.Stdout);
        Assert.Single(Directory.GetFiles(sweep, "results.sqlite.damaged-*", SearchOption.TopDirectoryOnly), f => !f.EndsWith("-wal") && !f.EndsWith("-shm"));
        Assert.Equal(before, Cells());
        var again = Netgeo.Run(root.Path, "run", specFile, "--threads", "1", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(3, again.StdoutLines.Length);
        Assert.All(again.StdoutLines, l => Assert.True(JsonDocument.Parse(l).RootElement.GetProperty("reused").GetBoolean()));
        Assert.Contains("reads whole; nothing to repair", Netgeo.Run(root.Path, "repair", sweep).Stdout);
    }

    [Fact]
    public void ACellWhoseOwnStoreIsDamagedIsNamedAndOnlyItRunsAgain()
    {
        var cells = ExperimentSpec.Parse(Spec, "tiny.json").Cells();
        var damaged = cells[1];
        var cellStore = SweepDirectory.StorePath(Path.Combine(sweep, SweepDirectory.CellsFolder, damaged.FolderName));
        File.WriteAllBytes(cellStore, StoreFiles.Garble(File.ReadAllBytes(cellStore)));
        File.Delete(store);

        var repair = Netgeo.Run(root.Path, "repair", sweep);

        Assert.Equal(1, repair.ExitCode);
        Assert.Empty(repair.Stderr);
        Assert.Contains("with 2 of 3 cells from their folders.", repair.Stdout);
        Assert.Contains($"cell {damaged.Label} not recovered: {cellStore} is damaged", repair.Stdout);
        Assert.Empty(Directory.GetFiles(sweep, "results.sqlite.damaged-*"));
        Assert.Equal(cells.Where(c => c != damaged).Select(c => c.Key).Order(), Cells().Keys.Order());
        var again = Netgeo.Run(root.Path, "run", specFile, "--threads", "1", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        var rerun = again.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).Where(l => !l.GetProperty("reused").GetBoolean());
        Assert.Equal([damaged.Key], rerun.Select(l => l.GetProperty("key").GetString()));
    }

    [Fact]
    public void RepairRefusesWhatIsNotASweepFolder()
    {
        var cell = Directory.GetDirectories(Path.Combine(sweep, SweepDirectory.CellsFolder))[0];
        StoreFiles.AssertRefused(Netgeo.Run(root.Path, "repair", cell), "is a single run's folder");
        StoreFiles.AssertRefused(Netgeo.Run(root.Path, "repair", root.File("nowhere")), "no folder");
    }

    /// <summary>The sweep store's cells: key to (status, number of metrics).</summary>
    private SortedDictionary<string, (string, int)> Cells()
    {
        using var results = ResultsStore.OpenExisting(store);
        return new(results.Cells().ToDictionary(c => c.Key, c => (c.Value.Status.ToString(), results.Metrics(c.Value.Id).Count)), StringComparer.Ordinal);
    }
}

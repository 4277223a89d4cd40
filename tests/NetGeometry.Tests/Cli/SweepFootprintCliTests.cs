using System.Text.RegularExpressions;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Reports;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// What a sweep writes, run for real: its cells write no plots/ and no report.html of their own (the sweep's report
/// covers them; netgeo report on a cell's folder writes them), its store copies no checkpoint (each stays in its cell's
/// store, once), and no report links to a file that is not there.
/// </summary>
public sealed partial class SweepFootprintCliTests
{
    private const string Spec = """
        {
          "name": "footprint",
          "network": { "model": "two-layer-relu", "widths": [16] },
          "data": { "source": "sphere", "train": 10, "dim": 3 },
          "training": { "optimizer": "gd", "steps": 20, "probes": ["loss"], "probeSchedule": "every:5", "checkpointSchedule": "log:4" },
          "sweep": { "seed": [0, 1] }
        }
        """;

    [Fact]
    public void CellsWriteNoPagesTheSweepStoreNoCheckpointAndEveryLinkLeadsToAFile()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("footprint.json"), Spec);
        var r = Netgeo.Run(dir.Path, "run", "footprint.json", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var sweep = Path.Combine(dir.Path, "runs", "footprint");
        var cells = Directory.GetDirectories(Path.Combine(sweep, "cells"));

        Assert.Equal(2, cells.Length);
        foreach (var cell in cells)
        {
            Assert.False(Directory.Exists(Path.Combine(cell, RunDirectory.PlotsFolder)), cell);
            Assert.False(File.Exists(Path.Combine(cell, ReportFiles.ReportFile)), cell);
            Assert.Equal([0L, 1, 4, 9, 20], StoredSteps(Path.Combine(cell, RunDirectory.StoreFile)).Single());
        }
        var sweepStore = StoredSteps(Path.Combine(sweep, RunDirectory.StoreFile));
        Assert.Equal(2, sweepStore.Count);
        Assert.All(sweepStore, Assert.Empty);
        AssertEveryLinkLeadsToAFile(Path.Combine(sweep, ReportFiles.ReportFile));
        AssertEveryLinkLeadsToAFile(Path.Combine(dir.Path, "runs", ReportFiles.IndexFile));

        // On demand: netgeo report writes a cell's plots and report; the sweep's report, written again, links to it.
        var report = Netgeo.Run(dir.Path, "report", cells[0]);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Equal(Path.Combine(cells[0], ReportFiles.ReportFile), report.Stdout.Trim());
        Assert.True(File.Exists(Path.Combine(cells[0], RunDirectory.PlotsFolder, "train_loss.png")));
        Assert.Contains("<img", File.ReadAllText(Path.Combine(cells[0], ReportFiles.ReportFile)));
        Assert.Equal(0, Netgeo.Run(dir.Path, "report", sweep).ExitCode);
        var sweepReport = Path.Combine(sweep, ReportFiles.ReportFile);
        Assert.Contains($"href=\"cells/{Path.GetFileName(cells[0])}/{ReportFiles.ReportFile}\"", File.ReadAllText(sweepReport));
        AssertEveryLinkLeadsToAFile(sweepReport);
    }

    /// <summary>The checkpoint steps of each run in the store, in the order of its runs.</summary>
    private static List<IReadOnlyList<long>> StoredSteps(string storeFile)
    {
        using var store = ResultsStore.Open(storeFile);
        return store.Runs().Select(run => store.CheckpointSteps(run.Id)).ToList();
    }

    private static void AssertEveryLinkLeadsToAFile(string page)
    {
        var folder = Path.GetDirectoryName(page)!;
        var links = Href().Matches(File.ReadAllText(page)).Select(m => m.Groups[1].Value).Where(h => !h.StartsWith('#') && !h.Contains(':')).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(folder, link)), $"{page} links to {link}, which is not there"));
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}

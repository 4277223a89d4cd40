using System.Text.Json;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Retention;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo train --keep, run for real: what each level leaves on disk, and the size the run reports.</summary>
public sealed class KeepCliTests
{
    /// <summary>A tiny run saving a checkpoint at every one of its 5 steps, each about 10 kB (a 3-256-1 network).</summary>
    private static (Netgeo.Result Result, string RunDir, long Bytes) Train(string folder, string keep)
    {
        var r = Netgeo.Run(folder, "train", "--data", "sphere", "--train", "20", "--dim", "3", "--widths", "256", "--steps", "5",
            "--probes", "loss", "--checkpoints", "every:1", "--keep", keep, "--name", keep, "--threads", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        return (r, json.RootElement.GetProperty("run_dir").GetString()!, json.RootElement.GetProperty("bytes").GetInt64());
    }

    private static long StoreBytes(string runDir) => new FileInfo(Path.Combine(runDir, RunDirectory.StoreFile)).Length;

    private static IReadOnlyList<long> StoredSteps(string runDir)
    {
        using var store = ResultsStore.Open(Path.Combine(runDir, RunDirectory.StoreFile));
        return store.CheckpointSteps(store.Runs().Single().Id);
    }

    [Fact]
    public void KeepNoneWritesNoCheckpointAndASmallerStoreThanKeepAllWhichAlsoWritesArrays()
    {
        using var dir = new TempFolder();
        var none = Train(dir.Path, "none");
        var checkpoints = Train(dir.Path, "checkpoints");
        var all = Train(dir.Path, "all");

        Assert.Empty(StoredSteps(none.RunDir));
        Assert.False(Directory.Exists(Path.Combine(none.RunDir, RunDirectory.ArraysFolder)));
        Assert.Equal([0L, 1, 2, 3, 4, 5], StoredSteps(checkpoints.RunDir));
        Assert.False(Directory.Exists(Path.Combine(checkpoints.RunDir, RunDirectory.ArraysFolder)));
        Assert.Equal([0L, 1, 2, 3, 4, 5], StoredSteps(all.RunDir));
        Assert.True(File.Exists(Path.Combine(all.RunDir, RunDirectory.ArraysFolder, "step-5", "layer1.weight.npy")));

        Assert.True(StoreBytes(none.RunDir) + 5 * 8 * 256 * 3 < StoreBytes(all.RunDir), $"{StoreBytes(none.RunDir)} vs {StoreBytes(all.RunDir)}");
        // The size printed is the folder's (the report and the index are written before it is measured).
        foreach (var (_, runDir, bytes) in new[] { none, checkpoints, all })
            Assert.Equal(FolderSize.Bytes(runDir), bytes);
        Assert.True(none.Bytes < checkpoints.Bytes && checkpoints.Bytes < all.Bytes);
    }

    [Fact]
    public void AnUnknownKeepIsRefusedInOneLineBeforeAnyFolderIsMade()
    {
        using var dir = new TempFolder();
        foreach (var command in new[] { new[] { "train", "--steps", "2" }, ["reproduce", "lazy-training"] })
        {
            var r = Netgeo.Run(dir.Path, [.. command, "--keep", "some"]);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("netgeo: --keep must be checkpoints, none or all, got 'some'.", Assert.Single(r.StderrLines));
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
        }
    }
}

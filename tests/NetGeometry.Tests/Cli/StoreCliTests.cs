using NetGeometry.Experiments;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// Every command that reads a run's results.sqlite, given a damaged or foreign one, and every command that writes,
/// given an --out it cannot write: the real netgeo, exit status 2, one line, and the files left exactly as they were.
/// </summary>
public sealed class StoreCliTests(TrainedRunFixture trained) : IClassFixture<TrainedRunFixture>
{
    /// <summary>The readers of a run folder (RUN stands for it).</summary>
    private static readonly string[][] Readers =
    [
        ["report", "RUN"], ["energy", "RUN", "--threads", "1"], ["sensitivity", "RUN", "--threads", "1"], ["complexity", "RUN", "--threads", "1"],
        ["hessian", "--run", "RUN", "--threads", "1"], ["ntk", "--from-run", "RUN", "--threads", "1"],
    ];

    [Theory]
    [InlineData(StoreFiles.Kind.Garbled, "its run cannot be read back: run it again")]
    [InlineData(StoreFiles.Kind.Truncated, "its run cannot be read back: run it again")]
    [InlineData(StoreFiles.Kind.ZeroBytes, "is not a netgeo results store")]
    [InlineData(StoreFiles.Kind.EmptyDatabase, "is not a netgeo results store")]
    [InlineData(StoreFiles.Kind.ForeignDatabase, "is another program's SQLite database")]
    public void EveryReaderRefusesABadStoreInOneLineAndLeavesItsBytesAlone(StoreFiles.Kind kind, string mention)
    {
        using var root = new TempFolder();
        var run = Path.Combine(root.Path, "run");
        Directory.CreateDirectory(run);
        File.Copy(Path.Combine(trained.Directory, RunDirectory.SpecFile), Path.Combine(run, RunDirectory.SpecFile));
        StoreFiles.Write(kind, Path.Combine(trained.Directory, RunDirectory.StoreFile), Path.Combine(run, RunDirectory.StoreFile));
        var before = StoreFiles.Snapshot(root.Path);

        foreach (var reader in Readers)
        {
            var line = StoreFiles.AssertRefused(Netgeo.Run(root.Path, [.. reader.Select(a => a == "RUN" ? run : a)]), mention);
            Assert.Contains(Path.Combine(run, RunDirectory.StoreFile), line);
            Assert.Equal(before, StoreFiles.Snapshot(root.Path));
        }
    }

    /// <summary>The commands that write under --out, each with tiny arguments (a run folder where one is read).</summary>
    public static TheoryData<string[]> Writers => new(
        ["train", "--model", "mlp", "--widths", "4", "--data", "sphere", "--train", "5", "--dim", "2", "--steps", "1"],
        ["ntk", "--model", "mlp", "--widths", "4", "--data", "sphere", "--examples", "4", "--dim", "2"],
        ["circuit", "--gates", "H 0"],
        ["run", "SPEC"],
        ["reproduce", "du2019", "--quick"],
        ["sensitivity", "RUN"],
        ["complexity", "RUN"],
        ["hessian", "--run", "RUN"]);

    [Theory]
    [MemberData(nameof(Writers))]
    public void AnOutUnderAFileIsRefusedBeforeAnyWork(string[] command)
    {
        using var root = new TempFolder();
        var file = root.File("a-file");
        File.WriteAllText(file, "not a folder");
        File.WriteAllText(root.File("spec.json"), """{ "name": "x", "network": { "model": "mlp", "widths": [4] }, "data": { "source": "sphere", "train": 4, "dim": 2 }, "training": { "steps": 1 } }""");
        var before = StoreFiles.Snapshot(root.Path);
        var args = command.Select(a => a switch { "SPEC" => root.File("spec.json"), "RUN" => trained.Directory, _ => a }).ToList();

        var line = StoreFiles.AssertRefused(Netgeo.Run(root.Path, [.. args, "--threads", "1", "--out", Path.Combine(file, "x")]), "--out");

        Assert.Contains($"{file} is a file, not a folder", line);
        Assert.Equal(before, StoreFiles.Snapshot(root.Path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AnOutThatTakesNoFilesIsRefusedWithTheReason()
    {
        using var root = new TempFolder();
        if (Directory.Exists("/proc"))
            StoreFiles.AssertRefused(Netgeo.Run(root.Path, "circuit", "--gates", "H 0", "--out", "/proc/netgeo-out"), "cannot write in /proc");

        var locked = Directory.CreateDirectory(root.File("read-only")).FullName;
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            if (OutputRoot.CannotWrite(locked) is null) return;  // root ignores permissions: /proc above is the case that holds for it
            StoreFiles.AssertRefused(Netgeo.Run(root.Path, "run", "nowhere.json", "--out", locked), "permission denied");
            Assert.Empty(Directory.EnumerateFileSystemEntries(locked));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void ASweepHeldByAnotherProcessIsTheOnlyCaseCalledSo()
    {
        using var root = new TempFolder();
        var spec = root.File("held.json");
        File.WriteAllText(spec, """{ "name": "held", "network": { "model": "mlp", "widths": [4] }, "data": { "source": "sphere", "train": 4, "dim": 2 }, "training": { "steps": 1 } }""");
        var sweep = Directory.CreateDirectory(Path.Combine(root.Path, "runs", "held", "cells")).Parent!.FullName;
        using (new FileStream(Path.Combine(sweep, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            StoreFiles.AssertRefused(Netgeo.Run(root.Path, "run", spec, "--threads", "1"), "another netgeo process is running the sweep");

        var file = root.File("a-file");
        File.WriteAllText(file, "");
        var line = StoreFiles.AssertRefused(Netgeo.Run(root.Path, "run", spec, "--out", file), "--out");
        Assert.DoesNotContain("another netgeo process", line);
    }
}

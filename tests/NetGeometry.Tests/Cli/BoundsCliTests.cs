using System.Diagnostics;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// Issue 14, item 5: every numeric option has a range checked before any work starts, and requests too large for
/// the memory budget are refused first. Each input the fuzz sweep found unbounded (a hang, an allocator failure, an
/// 80-second refusal, a native abort) gets exit status 2, one line on stderr, within seconds, and nothing on disk.
/// </summary>
public class BoundsCliTests
{
    [Theory]
    [InlineData("--threads must be 1 to", "train", "--threads", "100000")]
    [InlineData("--max-degree must be 0 to 1000", "spectrum", "--max-degree", "100000000")]
    [InlineData("--steps must be 1 to 1600", "circuit", "--gates", "H 0", "--steps", "2000000000")]
    [InlineData("--d must be 2 to 100000", "spectrum", "--d", "1000000000")]
    [InlineData("--draws must be 1 to 1000", "sensitivity", "no-such-run", "--draws", "2147483647")]
    [InlineData("--jobs must be 1 to", "run", "no-such-spec.json", "--jobs", "100000")]
    [InlineData("--q must be 1 to 1000000", "circuit", "--gates", "CNOT 0 1", "--q", "1e300")]
    [InlineData("--lr must be a finite number, more than 0, got NaN", "train", "--lr", "NaN")]
    [InlineData("--sopt-fraction must be more than 0 and less than 1", "train", "--opt", "cp", "--sopt-fraction", "1.5")]
    [InlineData("memory budget", "train", "--widths", "2000000000", "--steps", "1")]
    [InlineData("memory budget", "train", "--dim", "2000000000", "--steps", "1")]
    [InlineData("memory budget", "train", "--model", "cnn", "--dim", "784", "--channels", "2000000000", "--steps", "1")]
    [InlineData("memory budget", "bench", "ntk", "--n", "2000000000")]
    [InlineData("memory budget", "bench", "hvp", "--n", "2000000000")]
    [InlineData("memory budget", "bench", "du", "--n", "2000000000")]
    [InlineData("memory budget", "bench", "block", "--n", "2000000000")]
    [InlineData("--matrix-free", "ntk", "--examples", "100000000")]
    [InlineData("100000000 x 100000000", "spectrum", "--empirical", "--n", "100000000")]
    [InlineData("300000 x 300000", "spectrum", "--empirical", "--n", "300000")]
    [InlineData("has parameters (16)", "bench", "hvp", "--n", "10", "--d", "3", "--width", "4", "--depth", "2", "--k", "100")]
    [InlineData("--solver must be auto, full or thick-restart, got 'arpack'", "bench", "hvp", "--n", "10", "--d", "3", "--width", "4", "--solver", "arpack")]
    [InlineData("--max-memory takes a size", "train", "--max-memory", "lots")]
    [InlineData("--max-memory", "ntk", "--examples", "500", "--max-memory", "1M")]
    public void OutOfRangeInputIsRefusedAtOnceInOneLine(string mention, params string[] args)
    {
        using var dir = new TempFolder();
        var clock = Stopwatch.StartNew();
        var r = Netgeo.Run(dir.Path, TimeSpan.FromSeconds(60), args);
        AssertRefused(r, mention, dir.Path);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"refused after {clock.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public void HessianTopKAboveTheParameterCountIsRefusedBeforeARunDirectoryIsMade()
    {
        using var dir = new TempFolder();
        var train = Netgeo.Run(dir.Path, "train", "--widths", "2", "--dim", "2", "--train", "4", "--steps", "1", "--probes", "loss", "--json", "--threads", "1");
        Assert.Equal(0, train.ExitCode);
        var runs = Directory.GetDirectories(Path.Combine(dir.Path, "runs"));
        var r = Netgeo.Run(dir.Path, "hessian", "--run", Assert.Single(runs), "--top-k", "10", "--threads", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("trainable parameters (9)", Assert.Single(r.StderrLines)); // 2-2-1 with biases: 6 + 3
        Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "runs"))); // no hessian-<time>/
    }

    [Fact]
    public void ADenseLogScheduleRunsAtOnce()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, TimeSpan.FromSeconds(90), "train", "--widths", "2", "--dim", "2", "--train", "4", "--steps", "10",
            "--probes", "loss", "--probe-schedule", "log:2000000000", "--json", "--threads", "1");
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void HelpStatesEachNumericOptionsRange()
    {
        using var dir = new TempFolder();
        var help = Netgeo.Run(dir.Path, "train", "--help").Stdout;
        Assert.Contains($"Range: 1 to {4 * Environment.ProcessorCount} (4 per core)", help);
        Assert.Contains("--max-memory", help);
        Assert.Contains("Range: 1 to 1600", Netgeo.Run(dir.Path, "circuit", "--help").Stdout);
        foreach (var command in NetGeometry.Cli.CommandLine.Build().Subcommands.SelectMany(c => c.Subcommands.Prepend(c)))
            foreach (var option in command.Options.Where(o => o.ValueType.IsValueType && o.ValueType != typeof(bool)))
                Assert.Contains("Range: ", option.Description);
    }

    private static void AssertRefused(Netgeo.Result r, string mention, string dir)
    {
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("netgeo: ", line);
        Assert.Contains(mention, line);
        Assert.False(Directory.Exists(Path.Combine(dir, "runs")), "nothing is written before the check");
    }
}

using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cluster;

/// <summary>netgeo submit slurm without a cluster: the script it prints, and what it refuses before writing anything.</summary>
public sealed class SubmitCommandTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void TheDryRunOfOpt2021sFullProfileIsAValidArrayScriptOfItsSixtyCellsAndWritesNothing()
    {
        var result = Netgeo.Run(root.Path, "submit", "slurm", "opt2021", "--profile", "full", "--parallel", "8", "--time", "2:00:00", "--mem", "4G",
            "--cpus-per-task", "2", "--dry-run", "--out", "cluster");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var script = root.File("array.sbatch");
        File.WriteAllText(script, result.Stdout);
        var syntax = LocalSlurm.Command("bash", TimeSpan.FromSeconds(30), "-n", script);
        Assert.True(syntax.Code == 0, syntax.Output);
        var lines = result.StdoutLines;
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (var directive in new[] { "--array=0-59%8", "--time=2:00:00", "--mem=4G", "--cpus-per-task=2", "--job-name=netgeo-opt2021-full" })
            Assert.Contains($"#SBATCH {directive}", lines);
        var call = Assert.Single(lines, l => l.StartsWith("exec ", StringComparison.Ordinal));
        Assert.Contains(" reproduce opt2021 --full --out ", call);
        Assert.EndsWith("--threads 2 --cell \"$SLURM_ARRAY_TASK_ID\"", call);
        Assert.False(Directory.Exists(root.File("cluster")), "a dry run writes nothing");
    }

    [Fact]
    public void WithoutSbatchOnThePathSubmitIsRefusedInOneLineAndWritesNothing()
    {
        File.WriteAllText(root.File("spread.json"), ShardedSweepTests.Spec);
        var noSlurm = new Dictionary<string, string> { ["PATH"] = root.Path };

        var result = Netgeo.Run(root.Path, TimeSpan.FromMinutes(3), noSlurm, "submit", "slurm", "spread.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("netgeo: sbatch is not on the PATH: netgeo submit slurm needs a Slurm client on this machine (--dry-run prints the script).", Assert.Single(result.StderrLines));
        Assert.False(Directory.Exists(root.File("runs")));
    }

    [Theory]
    [InlineData("--time", "2h")]
    [InlineData("--mem", "4 GB")]
    [InlineData("--partition", "a;b")]
    [InlineData("--profile", "full")]
    public void ValuesSbatchWouldRefuseAreRefusedFirst(string option, string value)
    {
        File.WriteAllText(root.File("spread.json"), ShardedSweepTests.Spec);

        var result = Netgeo.Run(root.Path, "submit", "slurm", "spread.json", option, value, "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, Assert.Single(result.StderrLines));
    }
}

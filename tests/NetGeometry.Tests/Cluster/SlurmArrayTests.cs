using System.Text.Json;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cluster;

/// <summary>
/// A sweep submitted to a real Slurm (slurm-wlm 22.05 with munge, one node of this machine's CPUs, started by
/// build/slurm-local.sh) as a job array, collected, and compared with the same sweep run on one machine; then a task
/// cancelled midway (scancel of one array element), which collect must not take for finished, run again alone.
/// </summary>
[Collection(SweepResumeTests.Name)]
public sealed class SlurmArrayTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    /// <summary>Six cells of a few seconds each on one thread, so that a cancel lands while a cell trains.</summary>
    private const string Spec = """
        {
          "name": "array",
          "network": { "model": "two-layer-relu" },
          "data": { "source": "sphere", "train": 40, "dim": 8 },
          "training": { "optimizer": "gd", "learningRate": 10, "steps": 8000, "probes": ["loss", "distance"], "probeSchedule": "every:500" },
          "sweep": { "network.widths": [256, 512], "seed": [0, 1, 2] }
        }
        """;

    [SlurmFact]
    public void AnArrayCollectsToTheOneMachineNumbersAndATaskCancelledMidwayIsListedThenRunAgainAlone()
    {
        LocalSlurm.Start();
        var spec = root.File("array.json");
        File.WriteAllText(spec, Spec);
        var cells = ExperimentSpec.Parse(Spec, "array.json").Cells();
        var local = Netgeo.Run(root.Path, TimeSpan.FromMinutes(5), "run", spec, "--threads", "1", "--out", "local");
        Assert.True(local.ExitCode == 0, local.Stderr);
        var expected = ShardedSweepTests.StoredNumbers(Path.Combine(root.Path, "local", "runs", "array"));

        // An array of six tasks, two at a time; collected once they are done.
        var whole = Path.Combine(root.Path, "whole", "runs", "array");
        LocalSlurm.WaitFor(Submit(spec, "whole"), TimeSpan.FromMinutes(5));
        var collected = Netgeo.Run(root.Path, "collect", whole, "--json");
        Assert.True(collected.ExitCode == 0, collected.Stdout + collected.Stderr + Logs(whole));
        Assert.Equal(expected, ShardedSweepTests.StoredNumbers(whole));  // every cell once, bit for bit the one-machine numbers

        // Again, with task 1 cancelled once its cell has begun training.
        var cut = Path.Combine(root.Path, "cut", "runs", "array");
        var job = Submit(spec, "cut");
        var store = Path.Combine(cut, "cells", cells[1].FolderName, "results.sqlite");
        for (var waited = TimeSpan.Zero; !File.Exists(store); waited += TimeSpan.FromMilliseconds(50))
        {
            Assert.True(waited < TimeSpan.FromMinutes(3), "task 1 never began its cell" + Logs(cut));
            Thread.Sleep(50);
        }
        Assert.Equal(0, LocalSlurm.Command("scancel", TimeSpan.FromSeconds(30), $"{job}_1").Code);
        LocalSlurm.WaitFor(job, TimeSpan.FromMinutes(5));
        Assert.Equal("CANCELLED", LocalSlurm.TaskState(job, 1));
        Assert.True(Directory.Exists(Path.Combine(cut, "cells", cells[1].FolderName)), "the cancelled task left its half-written folder");

        var partial = Netgeo.Run(root.Path, "collect", cut, "--json");
        Assert.Equal(4, partial.ExitCode);
        var lines = partial.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var outstanding = Assert.Single(lines, l => l.TryGetProperty("state", out _));
        Assert.Equal((1, true), (outstanding.GetProperty("index").GetInt32(), outstanding.GetProperty("state").GetString()!.StartsWith("half-written")));
        Assert.Equal([1], lines[^1].GetProperty("rerun").EnumerateArray().Select(e => e.GetInt32()));

        var again = LocalSlurm.Command("sbatch", TimeSpan.FromSeconds(30), "--parsable", "--array=1", Path.Combine(cut, "slurm", "array.sbatch"));
        Assert.True(again.Code == 0, again.Output);
        LocalSlurm.WaitFor(again.Output.Trim().Split(';')[0], TimeSpan.FromMinutes(5));
        var complete = Netgeo.Run(root.Path, "collect", cut, "--json");
        Assert.True(complete.ExitCode == 0, complete.Stdout + complete.Stderr + Logs(cut));
        Assert.Equal(expected, ShardedSweepTests.StoredNumbers(cut));
    }

    /// <summary>netgeo submit slurm of the spec under <paramref name="outFolder"/>, two tasks at a time; the job id.</summary>
    private string Submit(string spec, string outFolder)
    {
        var submitted = Netgeo.Run(root.Path, "submit", "slurm", spec, "--parallel", "2", "--cpus-per-task", "1", "--out", outFolder, "--json");
        Assert.True(submitted.ExitCode == 0, submitted.Stdout + submitted.Stderr);
        var line = JsonDocument.Parse(submitted.StdoutLines.Single()).RootElement;
        Assert.Equal(6, line.GetProperty("tasks").GetInt32());
        return line.GetProperty("job_id").GetString()!;
    }

    /// <summary>The tasks' logs, for a failure message.</summary>
    private static string Logs(string sweep)
    {
        var logs = Path.Combine(sweep, "slurm", "logs");
        return Directory.Exists(logs) ? string.Concat(Directory.GetFiles(logs).Order().Select(f => $"\n{Path.GetFileName(f)}:\n{File.ReadAllText(f)}")) : "\n(no logs)";
    }
}

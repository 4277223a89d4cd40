using System.Diagnostics;
using System.Text.Json;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Tests.Cli;
using NetGeometry.Training;

namespace NetGeometry.Tests.Experiments;

/// <summary>Sweeps run for real (a child netgeo among them); alone, after the parallel tests, as they use every core.</summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SweepResumeTests : IDisposable
{
    public const string Name = "sweeps run for real";

    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    /// <summary>Eight cells of about a second each (a tenth of that was too short: on a fast CI machine all eight ended before the kill landed).</summary>
    private const string Spec = """
        {
          "name": "resume",
          "network": { "model": "two-layer-relu" },
          "data": { "source": "sphere", "train": 40, "dim": 8 },
          "training": { "optimizer": "gd", "learningRate": 10, "steps": 3000, "probes": ["loss", "distance"], "probeSchedule": "every:200" },
          "sweep": { "network.widths": [256, 512], "seed": [0, 1, 2, 3] }
        }
        """;

    [Fact]
    public async Task ASweepKilledMidwayResumesWithExactlyItsCellsNoneLostNoneTwice()
    {
        var specFile = root.File("resume.json");
        File.WriteAllText(specFile, Spec);
        var expected = ExperimentSpec.Parse(Spec, "resume.json").Cells();
        var storePath = Path.Combine(root.Path, "runs", "resume", RunDirectory.StoreFile);

        // First run, two cells at a time: killed (SIGKILL) as soon as one cell is reported finished, leaving about six cells unrun.
        using (var first = StartNetgeo(root.Path, "run", specFile, "--jobs", "2"))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            string line;
            do line = await first.StandardError.ReadLineAsync(deadline.Token) ?? throw new Xunit.Sdk.XunitException("netgeo run ended before it was killed");
            while (!line.Contains(": cell "));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        Dictionary<string, StoredRun> beforeResume;
        using (var store = ResultsStore.Open(storePath)) beforeResume = store.Cells().ToDictionary();
        Assert.InRange(beforeResume.Count, 1, expected.Count - 1);

        var second = Netgeo.Run(root.Path, TimeSpan.FromMinutes(10), "run", specFile, "--jobs", "2", "--json");

        Assert.True(second.ExitCode == 0, second.Stderr);
        using (var store = ResultsStore.Open(storePath))
        {
            var cells = store.Cells();
            Assert.Equal(expected.Select(c => c.Key).Order(), cells.Keys.Order());
            Assert.Equal(expected.Count, store.Runs().Count);
            Assert.All(cells.Values, r => Assert.Equal(RunStatus.Completed, r.Status));
            foreach (var (key, run) in beforeResume)
                Assert.Equal((run.Id, run.StartedUtc, run.FinishedUtc), (cells[key].Id, cells[key].StartedUtc, cells[key].FinishedUtc));
            foreach (var run in cells.Values)
                Assert.Equal(16, store.Metrics(run.Id).Count(m => m.Name == "train_loss"));  // steps 0, 200, ..., 3000
        }
        var lines = second.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(expected.Select(c => c.Label).Order(), lines.Select(l => l.GetProperty("cell").GetString()).Order());  // as the cells end
        Assert.Equal(beforeResume.Keys.Order(), lines.Where(l => l.GetProperty("reused").GetBoolean()).Select(l => l.GetProperty("key").GetString()!).Order());
        Assert.Equal(expected.Select(c => c.FolderName).Order(), Directory.GetDirectories(Path.Combine(root.Path, "runs", "resume", "cells")).Select(Path.GetFileName).Order());

        var third = Netgeo.Run(root.Path, "run", specFile, "--json");
        Assert.Equal(0, third.ExitCode);
        Assert.All(third.StdoutLines, l => Assert.True(JsonDocument.Parse(l).RootElement.GetProperty("reused").GetBoolean()));
    }

    [Fact]
    public void TheSameSpecAndSeedGiveIdenticalMetrics()
    {
        var spec = ExperimentSpec.Parse("""
            { "name": "same", "seed": 7, "network": { "model": "mlp", "widths": [32] },
              "data": { "source": "gaussian", "train": 30, "test": 10, "dim": 5, "labels": "teacher" },
              "training": { "optimizer": "sgd", "batchSize": 8, "steps": 30, "probeSchedule": "every:5" },
              "sweep": { "training.learningRate": [0.05, 0.2] } }
            """, "same.json");
        List<List<Metric>> Metrics(string folder)
        {
            var outcome = SweepRunner.Run(spec, Path.Combine(root.Path, folder));
            using var store = ResultsStore.Open(Path.Combine(outcome.Directory, RunDirectory.StoreFile));
            return store.Runs().OrderBy(r => r.CellKey).Select(r => store.Metrics(r.Id).ToList()).ToList();
        }

        var first = Metrics("a");
        var second = Metrics("b");

        Assert.Equal(2, first.Count);
        Assert.True(first.All(m => m.Count > 20));
        Assert.Equal(first.Select(m => m.Select(x => (x.Step, x.Name, x.Layer, BitConverter.DoubleToInt64Bits(x.Value)))),
            second.Select(m => m.Select(x => (x.Step, x.Name, x.Layer, BitConverter.DoubleToInt64Bits(x.Value)))));
        Assert.NotEqual(first[0].Last(m => m.Name == "train_loss").Value, first[1].Last(m => m.Name == "train_loss").Value);
    }

    private static Process StartNetgeo(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "netgeo.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        return process;
    }
}

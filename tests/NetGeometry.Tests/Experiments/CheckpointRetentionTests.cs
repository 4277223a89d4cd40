using NetGeometry.Experiments;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Tests.Experiments;

/// <summary>Which checkpoints a sweep's cells keep: a reproduction's declared steps only, unless everything is asked for.</summary>
public sealed class CheckpointRetentionTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    /// <summary>Two tiny cells saving a checkpoint at steps 0, 1, 4, 9, 20 (log:4 over 20 steps).</summary>
    private const string Spec = """
        {
          "name": "kept",
          "network": { "model": "two-layer-relu", "widths": [16] },
          "data": { "source": "sphere", "train": 10, "dim": 3 },
          "training": { "optimizer": "gd", "steps": 20, "probes": ["loss"], "probeSchedule": "end", "checkpointSchedule": "log:4" },
          "sweep": { "seed": [0, 1] }
        }
        """;

    private (SweepOutcome Outcome, List<IReadOnlyList<long>> Steps) RunSweep(CheckpointRetention retention)
    {
        var spec = ExperimentSpec.Parse(Spec, "kept.json");
        var outcome = SweepRunner.Run(spec, root.Path, retention: retention);
        var steps = outcome.Cells.Select(c =>
        {
            using var store = ResultsStore.Open(Path.Combine(c.Folder, RunDirectory.StoreFile));
            return store.CheckpointSteps(store.Runs().Single().Id);
        }).ToList();
        return (outcome, steps);
    }

    [Fact]
    public void TheDeclaredStepsAreKeptAndTheOthersNeverWritten()
    {
        var (outcome, steps) = RunSweep(CheckpointRetention.ForAnalysis(Keep.Checkpoints, CheckpointUse.FirstAndLast(2)));

        Assert.All(steps, s => Assert.Equal([0L, 1, 20], s));
        Assert.All(outcome.Cells, c => Assert.False(Directory.Exists(Path.Combine(c.Folder, RunDirectory.ArraysFolder))));
    }

    [Fact]
    public void KeepAllKeepsEveryScheduledStepInTheStoreAndAsArrays()
    {
        var (outcome, steps) = RunSweep(CheckpointRetention.ForAnalysis(Keep.All, CheckpointUse.FirstAndLast(2)));

        Assert.All(steps, s => Assert.Equal([0L, 1, 4, 9, 20], s));
        Assert.All(outcome.Cells, c => Assert.True(File.Exists(Path.Combine(c.Folder, RunDirectory.ArraysFolder, "step-9", "hidden.weight.npy"))));
    }

    [Fact]
    public void KeepNoneStillKeepsWhatAReproductionsAnalysisReadsBack()
    {
        var (_, steps) = RunSweep(CheckpointRetention.ForAnalysis(Keep.None, CheckpointUse.FirstAndLast(1)));

        Assert.All(steps, s => Assert.Equal([0L, 20], s));
    }

    [Fact]
    public void TheReproductionsThatReadCheckpointsBackDeclareThem()
    {
        // Geometrization's quick cells save log:4 of 300 steps; its measurement reads initialization, the first step after it and the last.
        var schedule = new[] { 0L, 3, 16, 71, 300 };
        Assert.Equal([0L, 3, 300], new Geometrization().Plan(Profile.Quick).Checkpoints.Of(schedule).Order());
        Assert.Equal(schedule, new LayersEqual().Plan(Profile.Quick).Checkpoints.Of(schedule).Order());
        foreach (var reproduction in ReproductionCatalog.All.Where(r => r is not Geometrization and not LayersEqual))
            foreach (var profile in new[] { Profile.Quick, Profile.Full })
            {
                var plan = reproduction.Plan(profile);
                // A reproduction that declares no read-back schedules no checkpoints either.
                Assert.Empty(plan.Checkpoints.Of(schedule));
                Assert.All(plan.Sweep.Cells(), c => Assert.Null(c.Spec.Training.CheckpointSchedule));
            }
    }
}

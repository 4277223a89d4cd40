using NetGeometry.Experiments;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;

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

    private (SweepOutcome Outcome, List<IReadOnlyList<long>> Steps) RunSweep(CheckpointRetention retention, string? folder = null)
    {
        var spec = ExperimentSpec.Parse(Spec, "kept.json");
        var outcome = SweepRunner.Run(spec, folder ?? root.Path, retention: retention);
        var steps = outcome.Cells.Select(c =>
        {
            using var store = ResultsStore.Open(Path.Combine(c.Folder, RunDirectory.StoreFile));
            return store.CheckpointSteps(store.Runs().Single().Id);
        }).ToList();
        return (outcome, steps);
    }

    [Fact]
    public void TheDeclaredStepsButInitializationAreKeptAndTheOthersNeverWritten()
    {
        var (outcome, steps) = RunSweep(CheckpointRetention.ForAnalysis(Keep.Checkpoints, CheckpointUse.FirstAndLast(2)));

        Assert.All(steps, s => Assert.Equal([1L, 20], s));
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

        Assert.All(steps, s => Assert.Equal([20L], s));
    }

    [Fact]
    public void AnUnstoredInitializationIsRebuiltFromTheSeedBitForBit()
    {
        var (stored, _) = RunSweep(CheckpointRetention.ForAnalysis(Keep.All, CheckpointUse.FirstAndLast(2)));
        using var other = new TempFolder();
        var (rebuilt, steps) = RunSweep(CheckpointRetention.ForAnalysis(Keep.Checkpoints, CheckpointUse.FirstAndLast(2)), other.Path);

        Assert.All(steps, s => Assert.DoesNotContain(0L, s));
        foreach (var (withInitialization, without) in stored.Cells.Zip(rebuilt.Cells))
        {
            using var store = ResultsStore.Open(Path.Combine(withInitialization.Folder, RunDirectory.StoreFile));
            using var saved = store.LoadCheckpoint(store.Runs().Single().Id, 0);
            using var run = SavedRun.Open(without.Folder);
            Assert.Equal([0L, 1, 20], run.CheckpointSteps);
            run.Restore(20);
            using var final = run.Network.Snapshot();
            using (var initialization = run.LoadCheckpoint(0))
            {
                AssertSame(saved, initialization);
                using var unchanged = run.Network.Snapshot();
                AssertSame(final, unchanged);
            }
            run.Restore(0);
            using var restored = run.Network.Snapshot();
            AssertSame(saved, restored);
        }
    }

    private static void AssertSame(ParameterSnapshot expected, ParameterSnapshot actual)
    {
        Assert.Equal(expected.Entries.Select(e => e.Key), actual.Entries.Select(e => e.Key));
        foreach (var entry in expected.Entries)
            Assert.Equal(entry.Value.data<double>().ToArray(), actual[entry.Key].data<double>().ToArray());
    }

    [Fact]
    public void TheReproductionsThatReadCheckpointsBackDeclareThem()
    {
        // Geometrization's quick cells save log:4 of 300 steps; its measurement reads initialization and the last, and for
        // orthogonal MLPs also the first step after initialization; each family's representative cell (Fashion-MNIST,
        // width 128, label noise 0, seed 0, the shallowest network) keeps them all, for its trajectory's PCA plane.
        var schedule = new[] { 0L, 3, 16, 71, 300 };
        var geometrization = new Geometrization().Plan(Profile.Quick);
        var cells = geometrization.Sweep.Cells().Select(c => c.Spec).ToList();
        Assert.Contains(cells, s => s.Network.Opt is null);
        Assert.Contains(cells, s => s.Network.Opt is not null);
        static bool Representative(RunSpec s) => s.Data.Source == "fashion-mnist" && s.Network.Widths[0] == 128 && s.Data.LabelNoise == 0 &&
            s.Network.Depth == (s.Network.Opt is null ? 2 : 4);
        Assert.Equal(3, cells.Count(Representative));
        foreach (var spec in cells)
            Assert.Equal(Representative(spec) ? schedule : spec.Network.Opt is null ? [0L, 300] : [0L, 3, 300], geometrization.Checkpoints.Of(spec, schedule).Order());
        var layersEqual = new LayersEqual().Plan(Profile.Quick);
        Assert.Equal(schedule, layersEqual.Checkpoints.Of(layersEqual.Sweep.Cells().First().Spec, schedule).Order());
        foreach (var reproduction in ReproductionCatalog.All.Where(r => r is not Geometrization and not LayersEqual))
            foreach (var profile in new[] { Profile.Quick, Profile.Full })
            {
                var plan = reproduction.Plan(profile);
                // A reproduction that declares no read-back schedules no checkpoints either.
                Assert.All(plan.Sweep.Cells(), c => Assert.Empty(plan.Checkpoints.Of(c.Spec, schedule)));
                Assert.All(plan.Sweep.Cells(), c => Assert.Null(c.Spec.Training.CheckpointSchedule));
            }
    }
}

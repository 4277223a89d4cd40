using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Sensitivity;

namespace NetGeometry.Experiments.Analyses;

/// <summary>How the sensitivity analysis runs: re-randomization draws per layer, at most how many checkpoint columns,
/// the seed of the draws.</summary>
public sealed record SensitivityOptions
{
    public int Draws { get; init; } = 3;
    public int MaxColumns { get; init; } = 12;
    public long Seed { get; init; }

    public void Validate()
    {
        InputException.Require(Draws >= 1, $"--draws must be a positive integer, got {Draws}.");
        InputException.Require(MaxColumns >= 2, $"--columns must be at least 2 (the first and the last checkpoint), got {MaxColumns}.");
    }
}

/// <summary>
/// Zhang, Bengio &amp; Singer's layer robustness of a trained run: the network at its last checkpoint, each layer in
/// turn re-randomized (fresh draws from its initializer) and re-initialized to its value at up to
/// <see cref="SensitivityOptions.MaxColumns"/> log-spaced checkpoints, the error measured on the run's test set
/// (its training set when it has none), the layer restored after each measurement.
/// </summary>
public static class SensitivityAnalysis
{
    /// <remarks><paramref name="progress"/> hears what is being measured, a few times per layer.</remarks>
    public static SensitivityMatrix Measure(SavedRun run, SensitivityOptions options, IProgress<string>? progress = null)
    {
        options.Validate();
        run.RequireTrajectory();
        var data = run.Data.Test ?? run.Data.Train;
        var columns = CheckpointColumns.LogSpaced(run.CheckpointSteps, options.MaxColumns);
        run.Restore(run.FinalStep);
        var checkpoints = columns.Select(run.LoadCheckpoint).ToList();
        try
        {
            var network = run.Network;
            double baseline = SensitivityError.Of(network, data, run.Loss);
            int layers = network.Layers.Count;
            var reinitialized = ReinitializationRobustness.Measure(network, data, run.Loss, checkpoints,
                Report(progress, l => $"re-initialization: {l}/{layers} layers x {columns.Count} checkpoints"));
            var rerandomized = RerandomizationRobustness.Measure(network, data, run.Loss, options.Seed, options.Draws,
                Report(progress, l => $"re-randomization: {l}/{layers} layers x {options.Draws} draws"));
            return new SensitivityMatrix(network.Layers.Select(l => l.Name).ToList(), columns, rerandomized, reinitialized,
                baseline, SensitivityError.Kind(data), run.Data.Test is null ? "the training set (the run has no test set)" : "the test set");
        }
        finally
        {
            foreach (var c in checkpoints) c.Dispose();
        }
    }

    private static IProgress<int>? Report(IProgress<string>? progress, Func<int, string> message) =>
        progress is null ? null : new Relay<int>(value => progress.Report(message(value)));
}

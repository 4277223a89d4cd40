using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Sensitivity;

namespace NetGeometry.Experiments.Analyses;

/// <summary>How the sensitivity analysis runs: re-randomization draws per layer, at most how many of a run's checkpoints
/// become columns, the seed of the draws.</summary>
public sealed record SensitivityOptions
{
    /// <summary>Re-randomization draws per layer (their mean is the first column).</summary>
    public int Draws { get; init; } = 3;

    /// <summary>At most this many of a run's checkpoints, log-spaced in step (<see cref="CheckpointColumns"/>).</summary>
    public int MaxColumns { get; init; } = 12;

    /// <summary>The seed of the re-randomization draws.</summary>
    public long Seed { get; init; }

    /// <summary>Throws an <see cref="InputException"/> for a setting out of range.</summary>
    public void Validate()
    {
        InputException.Require(Draws >= 1, $"{InputField.Of(nameof(Draws))} must be a positive integer, got {Draws}.");
        InputException.Require(MaxColumns >= 2, $"{InputField.Of(nameof(MaxColumns))} must be at least 2 (the first and the last checkpoint), got {MaxColumns}.");
    }
}

/// <summary>
/// Zhang, Bengio &amp; Singer's layer robustness of a trained model: each of its layers (<see cref="Model.Layers"/>) in
/// turn re-randomized (fresh draws from its initializer) and re-initialized to its value at each checkpoint, the other
/// layers kept final, the error measured on the data, the layer restored after each measurement. One path for every
/// model: a run's network goes through <see cref="NetworkExtensions.AsModel"/>, a TorchScript file through
/// <see cref="TorchScriptFile"/>.
/// </summary>
public static class SensitivityAnalysis
{
    /// <summary>
    /// A saved run: its network at its last checkpoint, re-initialized to up to <see cref="SensitivityOptions.MaxColumns"/>
    /// log-spaced checkpoints, the error measured on the run's test set (its training set when it has none).
    /// </summary>
    /// <remarks><paramref name="progress"/> hears what is being measured, a few times per layer.</remarks>
    public static SensitivityMatrix Measure(SavedRun run, SensitivityOptions options, IProgress<string>? progress = null)
    {
        options.Validate();
        run.RequireTrajectory();
        var data = run.Data.Test ?? run.Data.Train;
        var columns = CheckpointColumns.LogSpaced(run.CheckpointSteps, options.MaxColumns);
        run.Restore(run.FinalStep);
        var checkpoints = columns.Select(step => CheckpointState.FromSnapshot(step, run.LoadCheckpoint(step))).ToList();
        try
        {
            using var model = run.Network.AsModel();
            return Measure(model, SensitivityData.Of(data, run.Loss), checkpoints, options,
                run.Data.Test is null ? "the training set (the run has no test set)" : "the test set", progress);
        }
        finally
        {
            foreach (var c in checkpoints) c.Dispose();
        }
    }

    /// <summary>
    /// Any model at its final values, re-initialized to each checkpoint (columns in the order given, labelled by their
    /// steps), on <paramref name="data"/>, described in the table as <paramref name="dataName"/>.
    /// <see cref="SensitivityOptions.MaxColumns"/> does not apply: every checkpoint given is a column.
    /// </summary>
    /// <remarks><paramref name="progress"/> hears what is being measured, a few times per layer.</remarks>
    public static SensitivityMatrix Measure(Model model, SensitivityData data, IReadOnlyList<CheckpointState> checkpoints,
        SensitivityOptions options, string dataName, IProgress<string>? progress = null)
    {
        options.Validate();
        InputException.Require(checkpoints.Count > 0, "re-initialization needs at least one checkpoint to reset layers to.");
        int layers = model.Layers.Count;
        // Re-randomization first: it finds every layer's initializer (or says which layer has none) before any work.
        var rerandomized = RerandomizationRobustness.Measure(model, data, options.Seed, options.Draws,
            Report(progress, l => $"re-randomization: {l}/{layers} layers x {options.Draws} draws"));
        double baseline = SensitivityError.Of(model, data);
        var reinitialized = ReinitializationRobustness.Measure(model, data, checkpoints,
            Report(progress, l => $"re-initialization: {l}/{layers} layers x {checkpoints.Count} checkpoints"));
        return new SensitivityMatrix(model.Layers.Select(l => l.Name).ToList(), checkpoints.Select(c => c.Step).ToList(),
            rerandomized, reinitialized, baseline, SensitivityError.Kind(data.Data), dataName);
    }

    private static IProgress<int>? Report(IProgress<string>? progress, Func<int, string> message) =>
        progress is null ? null : new Relay<int>(value => progress.Report(message(value)));
}

namespace NetGeometry.Training;

public enum RunStatus { Completed, Diverged, Cancelled }

/// <summary>Progress of a run, reported after every update.</summary>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double BatchLoss);

/// <summary>
/// How a run ended: its status (with a message when it did not complete), the updates done, and the final values
/// (train/test loss and accuracy) measured on the whole sets after the last update.
/// </summary>
public sealed record TrainingResult(RunStatus Status, string? Message, long StepsCompleted, long TotalSteps,
    IReadOnlyDictionary<string, double> Final, TimeSpan Elapsed);

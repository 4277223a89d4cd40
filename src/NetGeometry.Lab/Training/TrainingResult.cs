namespace NetGeometry.Training;

/// <summary>How a run ended (lower case in the results store's runs.status column).</summary>
public enum RunStatus
{
    /// <summary>Started and not finished: still going (or its process, on another machine, cannot be checked).</summary>
    Running,
    /// <summary>Reached its planned end.</summary>
    Completed,
    /// <summary>Stopped because the loss became NaN or infinite; what was recorded before is kept.</summary>
    Diverged,
    /// <summary>Stopped on request; what was recorded before is kept.</summary>
    Cancelled,
    /// <summary>Stopped by an error; the run's message says which.</summary>
    Failed,
    /// <summary>Started and never finished: its process ended without recording an ending (killed, or the machine
    /// stopped). Never stored: a reader sees it for a run stored as running whose process is gone.</summary>
    Interrupted,
}

/// <summary>Progress of a run, reported after every update.</summary>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double BatchLoss);

/// <summary>
/// How a run ended: its status (with a message when it did not complete), the updates done, and the final values
/// (train/test loss and accuracy) measured on the whole sets after the last update.
/// </summary>
public sealed record TrainingResult(RunStatus Status, string? Message, long StepsCompleted, long TotalSteps,
    IReadOnlyDictionary<string, double> Final, TimeSpan Elapsed);

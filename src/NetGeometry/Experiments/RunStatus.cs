namespace NetGeometry.Experiments;

/// <summary>How a run ended, as the results store keeps it (lower case in the runs.status column).</summary>
public enum RunStatus
{
    /// <summary>Started and not finished: still going, or its process was killed.</summary>
    Running,

    /// <summary>Reached its planned end.</summary>
    Completed,

    /// <summary>Stopped because the loss became NaN or infinite; what was recorded before is kept.</summary>
    Diverged,

    /// <summary>Stopped by an error; the run's message says which.</summary>
    Failed,
}

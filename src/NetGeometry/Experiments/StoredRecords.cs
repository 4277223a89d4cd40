using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>A run as the results store lists it. Times are UTC; <see cref="FinishedUtc"/> is null until it finishes.</summary>
public sealed record StoredRun(
    long Id, string Name, string SpecJson, DateTime StartedUtc, DateTime? FinishedUtc, RunStatus Status, string? Message);

/// <summary>A final value of a run: a number, or (when <see cref="Text"/> is not null) a text.</summary>
public sealed record Summary(string Key, double Number, string? Text)
{
    public bool IsText => Text is not null;
}

/// <summary>A file a run produced: a plot, an export, a report; the path is relative to the run directory, '/'-separated.</summary>
public sealed record Artifact(string Name, string Kind, string RelativePath);

/// <summary>The kinds of artifact a run directory registers (the artifacts.kind column).</summary>
public static class ArtifactKinds
{
    public const string Spec = "spec";
    public const string Csv = "csv";
    public const string Plot = "plot";
    /// <summary>A NumPy .npy array (<see cref="Npy"/>).</summary>
    public const string Array = "npy";
}

using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>
/// A run as the results store lists it. Times are UTC; <see cref="FinishedUtc"/> is null until it finishes.
/// <see cref="CellKey"/> and <see cref="Folder"/> (relative to the store's folder) are set on the cells of a sweep;
/// <see cref="Owner"/>, the process that ran it, on runs begun by schema 3 or later (a sweep's copied cells have none).
/// </summary>
public sealed record StoredRun(
    long Id, string Name, string SpecJson, DateTime StartedUtc, DateTime? FinishedUtc, RunStatus Status, string? Message,
    string? CellKey = null, string? Folder = null, RunOwner? Owner = null);

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
    public const string Report = "report";
    public const string Array = "array";
}

using NetGeometry.Training;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// How one cell ended: its status (Failed cells are not stored, so the next run of the sweep tries them again),
/// whether it was already finished by an earlier run (<see cref="Reused"/>), its run folder, and its numeric summaries
/// (final train/test loss and accuracy, steps, seconds, parameters).
/// </summary>
public sealed record CellOutcome(SweepCell Cell, RunStatus Status, bool Reused, string Folder, string? Message,
    IReadOnlyDictionary<string, double> Final);

/// <summary>A sweep that ran to its end: its folder and every cell's outcome, in the sweep's order.</summary>
public sealed record SweepOutcome(string Directory, IReadOnlyList<CellOutcome> Cells)
{
    public bool AllCompleted => Cells.All(c => c.Status == RunStatus.Completed);
}

/// <summary>Reported after each cell ends: how many of the sweep's cells are finished, and the one that just was.</summary>
public readonly record struct SweepProgress(int Finished, int Total, CellOutcome Cell);

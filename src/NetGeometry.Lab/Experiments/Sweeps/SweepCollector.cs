using NetGeometry.Engine;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>Why a cell of a sweep is not in its store after a collect.</summary>
public enum UnfinishedKind
{
    /// <summary>No folder: its task never ran (or has not started).</summary>
    Missing,
    /// <summary>Its run ended without a result (marked finished as failed or cancelled); running its task again runs it again.</summary>
    Failed,
    /// <summary>A folder without the finished mark: its task was killed (by Slurm's time limit, scancel, a node
    /// failure) or is still running.</summary>
    HalfWritten,
}

/// <summary>A cell collect could not copy in: its index in the sweep's listed order (the array index to submit again
/// when each task ran one cell, as <c>netgeo submit slurm</c>'s script does), the cell, why, and a failed run's message.</summary>
public sealed record UnfinishedCell(int Index, SweepCell Cell, UnfinishedKind Kind, string? Message);

/// <summary>
/// What a collect found: the sweep's folder, how many cells it copied into the sweep's store this time, the cells
/// still out, and, once none is, the whole sweep's outcome (then cells.csv and metrics.csv are written).
/// </summary>
public sealed record CollectOutcome(string Directory, int CellCount, int Copied, IReadOnlyList<UnfinishedCell> Unfinished, SweepOutcome? Sweep)
{
    /// <summary>Cells in the sweep's store.</summary>
    public int Stored => CellCount - Unfinished.Count;
}

/// <summary>
/// Collects a sweep whose cells ran as the tasks of a job array (<see cref="SweepRunner.RunSelected(ExperimentSpec, CellSelection, string, int, IProgress{SweepProgress}?, CancellationToken, CheckpointRetention?)"/>):
/// copies every cell folder marked finished (<see cref="FinishedCell"/>) into the sweep's store, the one process that
/// writes it (under the sweep's lock), and lists the cells still out. Collecting again copies nothing twice: a cell
/// already in the store is left as it is. The one-machine <see cref="SweepRunner"/> gathers cells the same way
/// before it runs the rest.
/// </summary>
public static class SweepCollector
{
    /// <summary>
    /// Collects the sweep in <paramref name="folder"/> (runs/&lt;name&gt;/, holding sweep.json). When every cell is in,
    /// writes cells.csv and metrics.csv and, with <paramref name="writeReport"/>, the sweep's report.html and the
    /// index (a reproduction writes its own report instead: <c>ReproductionRunner.Conclude</c>).
    /// </summary>
    public static CollectOutcome Collect(string folder, bool writeReport = true)
    {
        folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        InputException.Require(Directory.Exists(folder), $"no folder {folder}: give a sweep's folder (runs/<name>/).");
        InputException.Require(SweepDirectory.IsSweep(folder),
            $"{folder} is not a sweep's folder (it has no {SweepDirectory.SpecFile}); give runs/<name>/ of a sweep or reproduction.");
        var spec = ExperimentSpec.Load(Path.Combine(folder, SweepDirectory.SpecFile));
        var root = Path.GetDirectoryName(Path.GetDirectoryName(folder)) ?? folder;
        InputException.Require(SweepDirectory.PathOf(root, spec.Name) == folder,
            $"{folder} holds the sweep '{spec.Name}', whose folder must be runs/{spec.Name}/ (its cells name it); move it back there.");
        var cells = spec.Cells();
        using var sweep = SweepDirectory.Open(root, spec);
        int before = sweep.Store.Cells().Count;
        var outcomes = Gather(sweep, cells);
        var unfinished = Enumerable.Range(0, cells.Count).Where(i => outcomes[i] is null).Select(i => Unfinished(sweep.Path, i, cells[i])).ToList();
        SweepOutcome? complete = null;
        if (unfinished.Count == 0)
        {
            complete = new SweepOutcome(sweep.Path, outcomes.Select(o => o!).ToList());
            SweepExports.Conclude(sweep, complete, writeReport);
        }
        return new CollectOutcome(sweep.Path, cells.Count, sweep.Store.Cells().Count - before, unfinished, complete);
    }

    /// <summary>
    /// Each cell's outcome when it is in the sweep's store, or marked finished in its folder (then it is copied in
    /// now); null for the others. Either way it counts as reused: this process did not run it.
    /// </summary>
    internal static CellOutcome?[] Gather(SweepDirectory sweep, IReadOnlyList<SweepCell> cells)
    {
        var stored = sweep.Store.Cells();
        return cells.Select(cell => stored.TryGetValue(cell.Key, out var run)
            ? new CellOutcome(cell, run.Status, Reused: true, sweep.CellFolder(cell), run.Message, SweepRunner.Numbers(sweep.Store, run.Id))
            : Marked(sweep.Path, cell) is { } marked ? Import(sweep, marked) : null).ToArray();
    }

    /// <summary>Copies a finished cell's run from its folder's store into the sweep's, in one transaction.</summary>
    internal static CellOutcome Import(SweepDirectory sweep, CellOutcome outcome)
    {
        var id = sweep.Store.ImportCell(SweepDirectory.StorePath(outcome.Folder), outcome.Cell.Key, SweepDirectory.RelativeCellFolder(outcome.Cell));
        return outcome with { Final = SweepRunner.Numbers(sweep.Store, id) };
    }

    /// <summary>The outcome of a cell whose folder in the sweep folder <paramref name="sweepPath"/> is marked finished
    /// with a run that belongs in the store, read from the cell's own store; null otherwise (not run, half-written,
    /// failed, or a store that does not read whole).</summary>
    internal static CellOutcome? Marked(string sweepPath, SweepCell cell)
    {
        var folder = SweepDirectory.CellFolder(sweepPath, cell);
        if (FinishedCell.Read(folder, cell.Key) is not { } status || !FinishedCell.Stored(status)) return null;
        try
        {
            using var store = ResultsStore.OpenExisting(SweepDirectory.StorePath(folder));
            store.RequireIntact();
            var runs = store.Runs();
            return runs.Count == 1 && runs[0].Status == status
                ? new CellOutcome(cell, status, Reused: true, folder, runs[0].Message, SweepRunner.Numbers(store, runs[0].Id))
                : null;
        }
        catch (InputException)
        {
            return null;
        }
    }

    private static UnfinishedCell Unfinished(string sweepPath, int index, SweepCell cell)
    {
        var folder = SweepDirectory.CellFolder(sweepPath, cell);
        if (!Directory.Exists(folder)) return new UnfinishedCell(index, cell, UnfinishedKind.Missing, null);
        return FinishedCell.Read(folder, cell.Key) is not null
            ? new UnfinishedCell(index, cell, UnfinishedKind.Failed, FailureMessage(folder))
            : new UnfinishedCell(index, cell, UnfinishedKind.HalfWritten, null);
    }

    /// <summary>The run's message (why it failed or was cancelled), as its store holds it (null when that cannot be read).</summary>
    private static string? FailureMessage(string folder)
    {
        try
        {
            using var store = ResultsStore.OpenExisting(SweepDirectory.StorePath(folder));
            return store.Runs() is [var run] ? run.Message : null;
        }
        catch (InputException)
        {
            return null;
        }
    }
}

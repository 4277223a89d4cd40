using NetGeometry.Engine;
using NetGeometry.Experiments.Specs;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>A cell whose folder exists but could not be put back into the sweep's store, and why.</summary>
public sealed record LostCell(SweepCell Cell, string Reason);

/// <summary>
/// What <see cref="SweepRepair.Rebuild"/> did: the sweep's store, whether it needed rebuilding, where the damaged file
/// was kept (null when there was none), the cells put back, the cells whose folders could not be read, and how many
/// cells have no folder (never run; the next run of the sweep runs them, as it does the lost ones).
/// </summary>
public sealed record RepairOutcome(string Store, bool WasIntact, string? KeptDamaged, IReadOnlyList<SweepCell> Recovered,
    IReadOnlyList<LostCell> Lost, int NotRun);

/// <summary>
/// Rebuilds a sweep's results store from its cell folders, without running anything: each finished cell's folder is
/// an ordinary run directory with its own complete store, which is what <see cref="ResultsStore.ImportCell"/> copied
/// into the sweep's store in the first place. The damaged store is kept beside it, renamed
/// results.sqlite.damaged-&lt;UTC time&gt;; a store that reads whole is left as it is.
/// </summary>
internal static class SweepRepair
{
    public static RepairOutcome Rebuild(string folder, TimeProvider? clock = null)
    {
        folder = Path.GetFullPath(folder);
        InputException.Require(Directory.Exists(folder), $"no folder {folder}: give a sweep's folder (runs/<name>/).");
        InputException.Require(SweepDirectory.IsSweep(folder), File.Exists(Path.Combine(folder, RunDirectory.SpecFile))
            ? $"{folder} is a single run's folder: its store cannot be rebuilt from anything else; run it again."
            : $"{folder} is not a sweep's folder (it has no {SweepDirectory.SpecFile}); give runs/<name>/ of a sweep.");
        var spec = ExperimentSpec.Load(Path.Combine(folder, SweepDirectory.SpecFile));
        using var sweepLock = SweepDirectory.Lock(folder);
        var storePath = SweepDirectory.StorePath(folder);
        if (Intact(storePath)) return new RepairOutcome(storePath, WasIntact: true, null, [], [], 0);

        var rebuilt = storePath + ".rebuilding";
        DeleteWithJournal(rebuilt);
        var (recovered, lost, notRun) = (new List<SweepCell>(), new List<LostCell>(), 0);
        using (var store = ResultsStore.Open(rebuilt, clock))
            foreach (var cell in spec.Cells())
            {
                var cellFolder = Path.Combine(folder, SweepDirectory.CellsFolder, cell.FolderName);
                if (!Directory.Exists(cellFolder)) notRun++;
                else if (Unreadable(cellFolder) is { } reason) lost.Add(new LostCell(cell, reason));
                else
                {
                    store.ImportCell(SweepDirectory.StorePath(cellFolder), cell.Key, SweepDirectory.RelativeCellFolder(cell));
                    recovered.Add(cell);
                }
            }
        var kept = File.Exists(storePath) ? $"{storePath}.damaged-{(clock ?? TimeProvider.System).GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}" : null;
        if (kept is not null) MoveWithJournal(storePath, kept);
        File.Move(rebuilt, storePath);
        return new RepairOutcome(storePath, WasIntact: false, kept, recovered, lost, notRun);
    }

    /// <summary>Whether the store exists, is a results store and reads whole.</summary>
    private static bool Intact(string storePath)
    {
        if (!File.Exists(storePath)) return false;
        try
        {
            using var store = ResultsStore.OpenExisting(storePath);
            store.RequireIntact();
            return true;
        }
        catch (InputException)
        {
            return false;
        }
    }

    /// <summary>Why the cell folder's run cannot be copied into the sweep's store, or null when it can.</summary>
    private static string? Unreadable(string cellFolder)
    {
        try
        {
            using var store = ResultsStore.OpenExisting(SweepDirectory.StorePath(cellFolder));
            store.RequireIntact();
            var runs = store.Runs();
            if (runs.Count != 1) return $"its store holds {runs.Count} runs, not one";
            return runs[0].Status is RunStatus.Running or RunStatus.Interrupted or RunStatus.Failed
                ? $"its run did not finish (status {runs[0].Status.ToString().ToLowerInvariant()})"
                : null;
        }
        catch (InputException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    /// <summary>The journal files SQLite may keep beside a database in WAL mode.</summary>
    private static readonly string[] JournalSuffixes = ["", "-wal", "-shm"];

    private static void DeleteWithJournal(string database)
    {
        foreach (var suffix in JournalSuffixes) File.Delete(database + suffix);
    }

    /// <summary>Moves a database with its journal files, so that the journal of one is never read with another.</summary>
    private static void MoveWithJournal(string database, string destination)
    {
        foreach (var suffix in JournalSuffixes)
            if (File.Exists(database + suffix)) File.Move(database + suffix, destination + suffix);
    }
}

using System.Collections.Concurrent;
using NetGeometry.Engine;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// Runs an experiment's sweep, resumably. Each cell is an ordinary run (<see cref="RunExecutor"/>) in its own folder
/// with its own store, without plots or report.html of its own (the sweep's report covers it; <c>netgeo report</c> on
/// the cell's folder writes them); when it ends, it is copied into the sweep's store in one transaction, and from then on it is
/// finished: a later run of the sweep skips it. A process killed at any moment leaves every copied cell whole and at
/// most <c>jobs</c> half-run cell folders, which the next run deletes and runs again; the store's unique cell key
/// keeps a cell from being stored twice. A cell's folder is marked finished (<see cref="FinishedCell"/>) as the last
/// thing its run does, so cells may also run elsewhere, as the tasks of a job array (<see cref="RunSelected(ExperimentSpec, CellSelection, string, int, IProgress{SweepProgress}?, CancellationToken, CheckpointRetention?)"/>):
/// the next one-machine run, or <c>netgeo collect</c>, copies the marked ones in instead of running them again.
/// </summary>
/// <remarks>
/// Parallelism: <c>jobs</c> cells run at once on threads of this process (libtorch and TorchSharp's dispose scopes
/// are thread-safe per thread); each writes only its own cell store, and copying into the sweep's store takes a
/// lock, so the sweep store has one writer at a time. Threads rather than processes: a killed sweep leaves no
/// orphaned worker behind to write into a folder the next run is about to delete. Give each cell
/// cores / jobs libtorch threads (the CLI does); results are bitwise identical only for the same thread count.
/// </remarks>
public static class SweepRunner
{
    /// <summary>
    /// Checks every cell (<see cref="Preflight"/>: bad input is one <see cref="InputException"/> listing every problem,
    /// and no folder is made), then runs the cells not finished yet, <paramref name="jobs"/> at a time, then writes
    /// cells.csv, metrics.csv and (unless a caller writes its own) report.html, and refreshes runs/index.html.
    /// <paramref name="retention"/> says which checkpoints each cell keeps (default: every scheduled one, in the
    /// cell's store only).
    /// </summary>
    public static SweepOutcome Run(ExperimentSpec spec, string root, int jobs = 1, IProgress<SweepProgress>? progress = null,
        CancellationToken cancel = default, bool writeReport = true, CheckpointRetention? retention = null)
    {
        RequireJobs(jobs);
        return Run(spec, Preflight.Check(spec), root, jobs, progress, cancel, writeReport, retention, computation: null);
    }

    /// <summary>Checks the number of parallel cells.</summary>
    internal static void RequireJobs(int jobs) => InputException.Require(jobs > 0, $"{InputField.Of(nameof(jobs))} must be a positive integer, got {jobs}.");

    /// <summary>As <see cref="Run(ExperimentSpec, string, int, IProgress{SweepProgress}?, CancellationToken, bool, CheckpointRetention?)"/>
    /// for a sweep whose <paramref name="cells"/> passed the pre-flight already; each cell trains, or runs
    /// <paramref name="computation"/> when given.</summary>
    internal static SweepOutcome Run(ExperimentSpec spec, IReadOnlyList<SweepCell> cells, string root, int jobs,
        IProgress<SweepProgress>? progress, CancellationToken cancel, bool writeReport, CheckpointRetention? retention, CellComputation? computation)
    {
        using var sweep = SweepDirectory.Open(root, spec);
        var outcomes = SweepCollector.Gather(sweep, cells);
        var tally = new Tally(progress, cells.Count);
        foreach (var outcome in outcomes.OfType<CellOutcome>()) tally.Report(outcome);
        RunCells(spec, cells, Enumerable.Range(0, cells.Count).Where(i => outcomes[i] is null).ToList(), sweep.Path, jobs, retention, computation, cancel, (i, outcome) =>
        {
            if (FinishedCell.Stored(outcome.Status)) outcome = SweepCollector.Import(sweep, outcome);
            outcomes[i] = outcome;
            tally.Report(outcome);
        });
        var result = new SweepOutcome(sweep.Path, outcomes.Select(o => o!).ToList());
        SweepExports.Conclude(sweep, result, writeReport);
        return result;
    }

    /// <summary>
    /// Runs some of a sweep's cells on behalf of a job array (<paramref name="selection"/>: one task's cell or shard)
    /// after the pre-flight of them all: each into its own folder, marked finished at its end (<see cref="FinishedCell"/>),
    /// beside other processes doing the same for other cells, on this machine or others sharing the folder. It writes
    /// no store but the cells' own: <c>netgeo collect</c> (<see cref="SweepCollector"/>) copies finished cells into the
    /// sweep's store, one process, afterwards. A selected cell already marked finished is skipped (reported as reused),
    /// so running a task again runs only what it left undone. Returns the selected cells' outcomes, in order.
    /// </summary>
    public static SweepOutcome RunSelected(ExperimentSpec spec, CellSelection selection, string root, int jobs = 1,
        IProgress<SweepProgress>? progress = null, CancellationToken cancel = default, CheckpointRetention? retention = null)
    {
        RequireJobs(jobs);
        return RunSelected(spec, Preflight.Check(spec), selection, root, jobs, progress, cancel, retention, computation: null);
    }

    /// <summary>As <see cref="RunSelected(ExperimentSpec, CellSelection, string, int, IProgress{SweepProgress}?, CancellationToken, CheckpointRetention?)"/>
    /// for a sweep whose <paramref name="cells"/> passed the pre-flight already; each cell trains, or runs
    /// <paramref name="computation"/> when given.</summary>
    internal static SweepOutcome RunSelected(ExperimentSpec spec, IReadOnlyList<SweepCell> cells, CellSelection selection, string root, int jobs,
        IProgress<SweepProgress>? progress, CancellationToken cancel, CheckpointRetention? retention, CellComputation? computation)
    {
        var indices = selection.Indices(cells.Count);
        var path = SweepDirectory.Prepare(root, spec);
        var outcomes = indices.ToDictionary(i => i, i => SweepCollector.Marked(path, cells[i]));
        var tally = new Tally(progress, indices.Count);
        foreach (var outcome in outcomes.Values.OfType<CellOutcome>()) tally.Report(outcome);
        RunCells(spec, cells, indices.Where(i => outcomes[i] is null).ToList(), path, jobs, retention, computation, cancel, (i, outcome) =>
        {
            outcomes[i] = outcome;
            tally.Report(outcome);
        });
        return new SweepOutcome(path, indices.Select(i => outcomes[i]!).ToList());
    }

    /// <summary>Counts cells as they end and reports each (from several threads: one at a time).</summary>
    private sealed class Tally(IProgress<SweepProgress>? progress, int total)
    {
        private readonly object gate = new();
        private int finished;

        public void Report(CellOutcome outcome)
        {
            lock (gate) progress?.Report(new SweepProgress(++finished, total, outcome));
        }
    }

    /// <summary>
    /// Runs the cells at <paramref name="pending"/>, <paramref name="jobs"/> at a time, in the listed order (a List
    /// would be split into ranges, one per worker, so a sweep cut short would lack cells from the front of the list
    /// that the plans put first on purpose), and hands each outcome to <paramref name="ended"/> (under a lock).
    /// </summary>
    private static void RunCells(ExperimentSpec spec, IReadOnlyList<SweepCell> cells, List<int> pending, string sweepPath, int jobs,
        CheckpointRetention? retention, CellComputation? computation, CancellationToken cancel, Action<int, CellOutcome> ended)
    {
        var gate = new object();
        try
        {
            Parallel.ForEach(Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel }, i =>
            {
                var outcome = TensorLifetime.Hold(() => RunCell(spec, cells[i], SweepDirectory.CellFolder(sweepPath, cells[i]), retention, computation, cancel));
                lock (gate) ended(i, outcome);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<InputException>().FirstOrDefault() is { } input)
        {
            throw input;
        }
    }

    /// <summary>
    /// Runs one cell in a fresh folder (a half-run folder left by a killed process is deleted first) and marks it
    /// finished as the last thing it does. The cell's lock file beside its folder (cells/&lt;folder&gt;.lock, released by
    /// the OS when the process dies) keeps two processes from running one cell at once.
    /// </summary>
    private static CellOutcome RunCell(ExperimentSpec spec, SweepCell cell, string folder, CheckpointRetention? retention,
        CellComputation? computation, CancellationToken cancel)
    {
        using var cellLock = LockCell(folder, cell);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var ending = computation is null ? Train(spec, cell, folder, retention, cancel) : Compute(spec, cell, folder, computation, cancel);
        FinishedCell.Write(folder, cell.Key, ending.Status);
        return ending;
    }

    /// <summary>A training cell: an ordinary run (<see cref="RunExecutor"/>) in the cell's folder.</summary>
    private static CellOutcome Train(ExperimentSpec spec, SweepCell cell, string folder, CheckpointRetention? retention, CancellationToken cancel)
    {
        PreparedRun prepared;
        try
        {
            prepared = RunExecutor.Prepare(cell.Spec);
        }
        catch (InputException e)
        {
            throw new InputException(SpecSchema.InSpecTerms(e.Text, $"{spec.Source}, sweep cell {cell.Label}"));
        }
        using (prepared)
        {
            using var run = RunDirectory.CreateAt(folder, spec.Name, cell.Spec.ToJson());
            try
            {
                var outcome = RunExecutor.Execute(prepared, run, cancel: cancel, retention: retention, writePages: false);
                return new CellOutcome(cell, outcome.Result.Status, Reused: false, folder, outcome.Result.Message, outcome.Result.Final);
            }
            catch (Exception e) when (e is not InputException)
            {
                return new CellOutcome(cell, RunStatus.Failed, Reused: false, folder, e.Message, new Dictionary<string, double>());
            }
        }
    }

    /// <summary>A cell whose work is a <see cref="CellComputation"/>: its summaries and the seconds it took are stored as a
    /// training run's are; an error is kept in the cell's error.txt (<see cref="ErrorLog"/>) and fails the cell alone.</summary>
    private static CellOutcome Compute(ExperimentSpec spec, SweepCell cell, string folder, CellComputation computation, CancellationToken cancel)
    {
        using var run = RunDirectory.CreateAt(folder, spec.Name, cell.Spec.ToJson());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var summaries = new Dictionary<string, double>(computation(cell.Spec, run, cancel)) { ["seconds"] = clock.Elapsed.TotalSeconds };
            foreach (var (key, value) in summaries) run.Store.SetSummary(key, value);
            run.Finish(RunStatus.Completed, writePages: false);
            return new CellOutcome(cell, RunStatus.Completed, Reused: false, folder, null, summaries);
        }
        catch (Exception e) when (e is not InputException)
        {
            var status = e is OperationCanceledException ? RunStatus.Cancelled : RunStatus.Failed;
            if (status == RunStatus.Failed) ErrorLog.Write(run.Path, e);
            run.Finish(status, e.Message, writePages: false);
            return new CellOutcome(cell, status, Reused: false, folder, e.Message, new Dictionary<string, double>());
        }
    }

    private static FileStream LockCell(string folder, SweepCell cell)
    {
        try
        {
            return new FileStream(folder + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InputException($"another netgeo process is running the sweep cell {cell.Label} ({folder}); wait for it to end, or stop it, then run again.");
        }
    }

    /// <summary>A run's numeric summaries (final values, steps, seconds, parameters).</summary>
    internal static Dictionary<string, double> Numbers(ResultsStore store, long runId) =>
        store.Summaries(runId).Where(s => !s.IsText).ToDictionary(s => s.Key, s => s.Number);
}

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
/// keeps a cell from being stored twice.
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
        return Run(spec, Preflight.Check(spec), root, jobs, progress, cancel, writeReport, retention);
    }

    /// <summary>Checks the number of parallel cells.</summary>
    internal static void RequireJobs(int jobs) => InputException.Require(jobs > 0, $"{InputField.Of(nameof(jobs))} must be a positive integer, got {jobs}.");

    /// <summary>As <see cref="Run(ExperimentSpec, string, int, IProgress{SweepProgress}?, CancellationToken, bool, CheckpointRetention?)"/>
    /// for a sweep whose <paramref name="cells"/> passed the pre-flight already.</summary>
    internal static SweepOutcome Run(ExperimentSpec spec, IReadOnlyList<SweepCell> cells, string root, int jobs,
        IProgress<SweepProgress>? progress, CancellationToken cancel, bool writeReport, CheckpointRetention? retention)
    {
        using var sweep = SweepDirectory.Open(root, spec);
        var stored = sweep.Store.Cells();
        var outcomes = new CellOutcome?[cells.Count];
        int finished = 0;
        var gate = new object();
        void Done(int index, CellOutcome outcome)
        {
            lock (gate)
            {
                outcomes[index] = outcome;
                progress?.Report(new SweepProgress(++finished, cells.Count, outcome));
            }
        }

        for (int i = 0; i < cells.Count; i++)
            if (stored.TryGetValue(cells[i].Key, out var run))
                Done(i, new CellOutcome(cells[i], run.Status, Reused: true, sweep.CellFolder(cells[i]), run.Message, Numbers(sweep.Store, run.Id)));

        var pending = Enumerable.Range(0, cells.Count).Where(i => outcomes[i] is null).ToList();
        try
        {
            // One cell at a time, in the listed order (a List would be split into ranges, one per worker, so a sweep cut
            // short would lack cells from the front of the list that the plans put first on purpose).
            Parallel.ForEach(Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel }, i =>
            {
                var outcome = TensorLifetime.Hold(() => RunCell(spec, cells[i], sweep, retention, cancel));
                if (outcome.Status != RunStatus.Failed)
                    lock (gate)
                    {
                        var id = sweep.Store.ImportCell(System.IO.Path.Combine(outcome.Folder, RunDirectory.StoreFile), cells[i].Key,
                            SweepDirectory.RelativeCellFolder(cells[i]));
                        outcome = outcome with { Final = Numbers(sweep.Store, id) };
                    }
                Done(i, outcome);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<InputException>().FirstOrDefault() is { } input)
        {
            throw input;
        }
        var result = new SweepOutcome(sweep.Path, outcomes.Select(o => o!).ToList());
        SweepExports.Write(sweep, result);
        if (writeReport)
        {
            Reports.SweepReportPage.Write(sweep.Path);
            Reports.ReportWriter.RefreshIndex(sweep.Path);
        }
        return result;
    }

    /// <summary>Runs one cell in a fresh folder (a half-run folder left by a killed process is deleted first).</summary>
    private static CellOutcome RunCell(ExperimentSpec spec, SweepCell cell, SweepDirectory sweep, CheckpointRetention? retention,
        CancellationToken cancel)
    {
        var folder = sweep.CellFolder(cell);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
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
            RunOutcome outcome;
            using (var run = RunDirectory.CreateAt(folder, spec.Name, cell.Spec.ToJson()))
            {
                try
                {
                    outcome = RunExecutor.Execute(prepared, run, cancel: cancel, retention: retention, writePages: false);
                }
                catch (Exception e) when (e is not InputException)
                {
                    return new CellOutcome(cell, RunStatus.Failed, Reused: false, folder, e.Message, new Dictionary<string, double>());
                }
            }
            return new CellOutcome(cell, outcome.Result.Status, Reused: false, folder, outcome.Result.Message, outcome.Result.Final);
        }
    }

    private static Dictionary<string, double> Numbers(ResultsStore store, long runId) =>
        store.Summaries(runId).Where(s => !s.IsText).ToDictionary(s => s.Key, s => s.Number);
}

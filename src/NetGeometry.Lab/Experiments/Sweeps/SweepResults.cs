using NetGeometry.Experiments.Specs;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>A finished cell as the sweep's store holds it: the cell, its run, its metrics and numeric summaries.</summary>
public sealed record CellResult(SweepCell Cell, StoredRun Run, IReadOnlyList<Metric> Metrics, IReadOnlyDictionary<string, double> Summaries)
{
    /// <summary>The metric's value at the last step it was recorded (NaN if it never was).</summary>
    public double Final(string metric, string? layer = null) =>
        Series(metric, layer) is { Count: > 0 } series ? series[^1].Value : double.NaN;

    /// <summary>The metric's values ordered by step.</summary>
    public IReadOnlyList<Metric> Series(string metric, string? layer = null) =>
        Metrics.Where(m => m.Name == metric && m.Layer == layer).OrderBy(m => m.Step).ToList();
}

/// <summary>
/// What a sweep folder holds, read back for figures, claims and reports: its spec (sweep.json), and the cells of that
/// spec that its store holds, in the sweep's order. Cells the spec has but the store lacks (not run yet, or failed)
/// are counted in <see cref="Missing"/>.
/// </summary>
public sealed record SweepResults(string Directory, ExperimentSpec Spec, IReadOnlyList<CellResult> Cells, int Missing)
{
    public static SweepResults Load(string sweepDirectory)
    {
        var spec = ExperimentSpec.Load(Path.Combine(sweepDirectory, SweepDirectory.SpecFile));
        using var store = ResultsStore.OpenExisting(Path.Combine(sweepDirectory, RunDirectory.StoreFile));
        var stored = store.Cells();
        var cells = spec.Cells();
        var results = cells.Where(c => stored.ContainsKey(c.Key)).Select(c =>
        {
            var run = stored[c.Key];
            return new CellResult(c, run, store.Metrics(run.Id),
                store.Summaries(run.Id).Where(s => !s.IsText).ToDictionary(s => s.Key, s => s.Number));
        }).ToList();
        return new SweepResults(Path.GetFullPath(sweepDirectory), spec, results, cells.Count - results.Count);
    }

    /// <summary>The cells that completed (not diverged).</summary>
    public IEnumerable<CellResult> Completed => Cells.Where(c => c.Run.Status == RunStatus.Completed);
}

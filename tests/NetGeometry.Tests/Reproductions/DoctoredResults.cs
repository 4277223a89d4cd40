using NetGeometry.Experiments.Sweeps;
using NetGeometry.Training;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// A sweep's results with some of their data changed, for tests that show a verdict is computed from the data: feed
/// a reproduction's Analyze a doctored copy of a real run's results and watch a claim flip.
/// </summary>
internal static class DoctoredResults
{
    /// <summary>The results with every value of <paramref name="metric"/> (any layer) replaced by <paramref name="value"/>(cell, old metric).</summary>
    public static SweepResults WithMetric(this SweepResults results, string metric, Func<CellResult, Metric, double> value) =>
        results with
        {
            Cells = results.Cells.Select(c => c with
            {
                Metrics = c.Metrics.Select(m => m.Name == metric ? m with { Value = value(c, m) } : m).ToList(),
            }).ToList(),
        };

    /// <summary>The results with the summary <paramref name="key"/> replaced by <paramref name="value"/>(cell, old value) where a cell has it.</summary>
    public static SweepResults WithSummary(this SweepResults results, string key, Func<CellResult, double, double> value) =>
        results with
        {
            Cells = results.Cells.Select(c => c with
            {
                Summaries = c.Summaries.ToDictionary(s => s.Key, s => s.Key == key ? value(c, s.Value) : s.Value),
            }).ToList(),
        };

    /// <summary>The results keeping only the cells <paramref name="keep"/> accepts.</summary>
    public static SweepResults OnlyCells(this SweepResults results, Func<CellResult, bool> keep) =>
        results with { Cells = results.Cells.Where(keep).ToList() };
}

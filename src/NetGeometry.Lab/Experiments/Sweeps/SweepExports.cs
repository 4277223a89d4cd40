using NetGeometry.Training;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// A sweep's CSV exports, written atomically when it ends: cells.csv (one row per cell: label, key, status, folder,
/// the value of each axis, then every numeric summary) and metrics.csv (every cell's metrics, after a "cell" column).
/// </summary>
internal static class SweepExports
{
    public const string MetricsFile = RunDirectory.MetricsFile;

    /// <summary>What a sweep whose every cell is in writes (a one-machine run's end, or the collect that brought the last
    /// cell in): the exports and, unless its caller writes its own (a reproduction), report.html, and runs/index.html.</summary>
    public static void Conclude(SweepDirectory sweep, SweepOutcome outcome, bool writeReport)
    {
        Write(sweep, outcome);
        if (!writeReport) return;
        Reports.SweepReportPage.Write(sweep.Path);
        Reports.ReportWriter.RefreshIndex(sweep.Path);
    }

    private static void Write(SweepDirectory sweep, SweepOutcome outcome)
    {
        var axes = outcome.Cells.SelectMany(c => c.Cell.Coordinates.Select(k => k.Field)).Distinct().ToList();
        var summaries = outcome.Cells.SelectMany(c => c.Final.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        AtomicFile.WriteText(Path.Combine(sweep.Path, SweepDirectory.CellsCsv), writer =>
        {
            writer.Write(string.Join(",", new[] { "cell", "key", "status", "folder" }.Concat(axes).Concat(summaries).Select(MetricsCsv.Field)) + "\n");
            foreach (var c in outcome.Cells)
            {
                var fields = new[] { c.Cell.Label, c.Cell.Key, c.Status.ToString().ToLowerInvariant(), SweepDirectory.RelativeCellFolder(c.Cell) }
                    .Concat(axes.Select(a => c.Cell.ValueOf(a) ?? ""))
                    .Select(MetricsCsv.Field)
                    .Concat(summaries.Select(k => c.Final.TryGetValue(k, out var v) ? MetricsCsv.Number(v) : ""));
                writer.Write(string.Join(",", fields) + "\n");
            }
        });
        var stored = sweep.Store.Cells();
        AtomicFile.WriteText(Path.Combine(sweep.Path, MetricsFile), writer => MetricsCsv.WriteCells(writer,
            outcome.Cells.Where(c => stored.ContainsKey(c.Cell.Key))
                .Select(c => (c.Cell.Label, (IEnumerable<Metric>)sweep.Store.Metrics(stored[c.Cell.Key].Id)))));
    }
}

using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Reporting;
using NetGeometry.Training.Probes;

namespace NetGeometry.Experiments.Reports;

/// <summary>
/// The report of a sweep folder: each whole-network metric against the step, one line per setting of the non-seed
/// axes (mean over seeds with a 95% band), the table of cells (each linking to its own report, if written) and the spec.
/// </summary>
internal static class SweepReportPage
{
    public static string Write(string sweepDirectory)
    {
        var results = SweepResults.Load(sweepDirectory);
        var figures = results.Completed.SelectMany(c => c.Metrics).Where(m => m.Layer is null).Select(m => m.Name).Distinct()
            .Select(metric =>
            {
                var description = ProbeRegistry.Describe(metric);
                var meaning = description?.Meaning ?? metric;
                // Log scale (with geometric means and bands) for a metric whose values span decades, such as a loss.
                var values = results.Completed.SelectMany(c => c.Series(metric)).Select(m => m.Value);
                var scale = LogAxes.Spans(values) ? AxisScale.Log : AxisScale.Linear;
                return ReportFiles.WriteFigure(sweepDirectory, TrajectoryFigure.Create(metric, metric,
                    $"{char.ToUpperInvariant(meaning[0])}{meaning[1..]}, against the step: one line per setting of the sweep's axes other than the seed " +
                    $"({(scale == AxisScale.Log ? "geometric mean" : "mean")} over seeds, 95% CI band where there are several).",
                    results.Completed, metric, null, SettingWithoutSeed, new ChartAxis(description?.AxisLabel ?? metric, scale)));
            }).ToList();
        var sections = new List<ReportSection>();
        if (figures.Count > 0) sections.Add(new FigureSection("Figures", figures));
        sections.Add(CellsTable(results));
        sections.Add(ReportFiles.Spec(results.Spec.ToJson()));
        var subtitle = $"{results.Cells.Count} finished cells of {results.Cells.Count + results.Missing}; " +
            $"{FolderSize.Text(FolderSize.Bytes(sweepDirectory))} on disk when this report was written";
        return ReportFiles.WriteReport(sweepDirectory, new ReportDocument($"Sweep {results.Spec.Name}", subtitle, sections));
    }

    /// <summary>One row per finished cell: its label (linking to its report where the cell has one: a cell writes none
    /// when it runs, <c>netgeo report</c> on its folder does), status, axis values and numeric summaries.</summary>
    public static TableSection CellsTable(SweepResults results)
    {
        var keys = results.Cells.SelectMany(c => c.Summaries.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        string? Report(CellResult c) => $"{c.Run.Folder}/{ReportFiles.ReportFile}" is var report && File.Exists(Path.Combine(results.Directory, report)) ? report : null;
        var rows = results.Cells.Select(c => (IReadOnlyList<TableCell>)
        [
            new TableCell(c.Cell.Label, Report(c)),
            ReportFiles.Status(c.Run.Status),
            .. keys.Select(k => c.Summaries.TryGetValue(k, out var v) ? TableCell.Number(v) : new TableCell("")),
        ]).ToList();
        var note = (results.Missing > 0 ? $"{results.Missing} cells of the spec are not finished; run the spec again to finish them." : "Every cell's values are in cells.csv and metrics.csv.") +
            " A cell's label links to its own report where it has one; netgeo report on the cell's folder (under cells/) writes it.";
        return new TableSection("Cells", ["cell", "status", .. keys], rows, note);
    }

    private static string SettingWithoutSeed(CellResult cell) =>
        cell.Cell.Coordinates.Where(c => c.Field != "seed").Select(c => $"{c.Name}={c.Value}") is var parts && parts.Any()
            ? string.Join(" ", parts) : "all cells";
}

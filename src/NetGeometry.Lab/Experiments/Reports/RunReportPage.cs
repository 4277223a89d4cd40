using NetGeometry.Experiments.Retention;
using NetGeometry.Reporting;
using NetGeometry.Training;
using NetGeometry.Training.Probes;

namespace NetGeometry.Experiments.Reports;

/// <summary>
/// The report of one run directory: how it ended, its final values, every metric's plot (plots/*.png, embedded)
/// with a caption, a table of each metric's first and last value, and its spec.
/// </summary>
internal static class RunReportPage
{
    public static string Write(string runDirectory, ResultsStore store, long runId)
    {
        var run = store.Runs().Single(r => r.Id == runId);
        var metrics = store.Metrics(runId);
        var summaries = store.Summaries(runId);
        var ending = $"{ReportFiles.Status(run.Status)}{(run.Message is null ? "" : $": {run.Message}")}; started {run.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC; " +
            $"{FolderSize.Text(FolderSize.Bytes(runDirectory))} on disk when this report was written";

        var finals = new TableSection("Final values", ["quantity", "value"],
            summaries.Select(s => (IReadOnlyList<TableCell>)[s.Key, s.IsText ? s.Text! : TableCell.Number(s.Number)]).ToList());
        var figures = store.Artifacts(runId).Where(a => a.Kind == ArtifactKinds.Plot)
            .Select(a => (Artifact: a, File: Path.Combine(runDirectory, a.RelativePath)))
            .Where(p => File.Exists(p.File))
            .Select(p => new ReportImage(p.Artifact.Name, Caption(p.Artifact.Name, metrics), File.ReadAllBytes(p.File)))
            .ToList();
        var table = new TableSection("Metrics", ["metric", "layer", "first step", "first value", "last step", "last value"],
            metrics.GroupBy(m => (m.Name, m.Layer)).Select(g =>
            {
                var ordered = g.OrderBy(m => m.Step).ToList();
                return (IReadOnlyList<TableCell>)[g.Key.Name, g.Key.Layer ?? "network", TableCell.Number(ordered[0].Step),
                    TableCell.Number(ordered[0].Value), TableCell.Number(ordered[^1].Step), TableCell.Number(ordered[^1].Value)];
            }).ToList(),
            "Every recorded value is in metrics.csv (step,name,layer,value) and results.sqlite.");
        var sections = new List<ReportSection> { finals };
        if (figures.Count > 0) sections.Add(new FigureSection("Figures", figures));
        sections.Add(table);
        sections.Add(ReportFiles.Spec(run.SpecJson));
        var path = ReportFiles.WriteReport(runDirectory, new ReportDocument($"Run {run.Name}", ending, sections));
        store.AddArtifact("report", ArtifactKinds.Report, ReportFiles.ReportFile);
        return path;
    }

    /// <summary>A metric's plot says what the metric means, against the step; any other figure (an analysis's picture,
    /// registered under a name that says what it shows) keeps its name.</summary>
    private static string Caption(string metric, IReadOnlyList<Metric> metrics)
    {
        if (!metrics.Any(m => m.Name == metric)) return $"{char.ToUpperInvariant(metric[0])}{metric[1..]}.";
        var meaning = ProbeRegistry.Describe(metric)?.Meaning ?? metric;
        bool perLayer = metrics.Any(m => m.Name == metric && m.Layer is not null);
        return $"{char.ToUpperInvariant(meaning[0])}{meaning[1..]}, against the training step{(perLayer ? "; one line per layer, \"network\" for the whole network" : "")}.";
    }
}

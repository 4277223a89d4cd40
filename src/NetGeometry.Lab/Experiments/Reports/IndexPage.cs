using System.Text.Json;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Reporting;

namespace NetGeometry.Experiments.Reports;

/// <summary>
/// runs/index.html: every run, sweep and reproduction under a runs folder, newest first, each with its kind, its
/// state (a run's status, a sweep's finished cells, a reproduction's claims that hold) and a link to its report.
/// </summary>
internal static class IndexPage
{
    public static string Write(string runsFolder)
    {
        var rows = new List<(DateTime Time, IReadOnlyList<TableCell> Cells)>();
        foreach (var folder in Directory.EnumerateDirectories(runsFolder))
        {
            var name = Path.GetFileName(folder);
            var (kind, state) = Describe(folder);
            if (kind is null) continue;
            var report = File.Exists(Path.Combine(folder, ReportFiles.ReportFile)) ? $"{name}/{ReportFiles.ReportFile}" : null;
            var time = Directory.GetLastWriteTimeUtc(folder);
            rows.Add((time, [new TableCell(name, report), kind, new TableCell(state, Class: state.StartsWith("fails") ? "fails" : state.StartsWith("holds") ? "holds" : null),
                $"{time:yyyy-MM-dd HH:mm} UTC"]));
        }
        var table = new TableSection("Runs", ["name", "kind", "state", "last written"], rows.OrderByDescending(r => r.Time).Select(r => r.Cells).ToList(),
            "Each name links to its report.html; a folder without a report has none yet (netgeo report <folder> writes it).");
        var path = Path.Combine(runsFolder, ReportFiles.IndexFile);
        AtomicFile.WriteAllText(path, HtmlReport.Render(new ReportDocument("NetGeometry runs", Path.GetFullPath(runsFolder), [table])));
        return path;
    }

    private static (string? Kind, string State) Describe(string folder)
    {
        try
        {
            var claims = Path.Combine(folder, ReproductionReportPage.ClaimsFile);
            if (ReproductionReportPage.ReadMarker(folder) is not null)
            {
                if (!File.Exists(claims)) return ("reproduction", "no verdict yet");
                var holds = File.ReadLines(claims).Select(l => JsonDocument.Parse(l).RootElement).Where(TestedClaim).Select(c => c.GetProperty("holds").GetBoolean()).ToList();
                return ("reproduction", $"{(holds.All(h => h) ? "holds" : "fails")}: {holds.Count(h => h)} of {holds.Count} claims hold");
            }
            var store = Path.Combine(folder, RunDirectory.StoreFile);
            if (!File.Exists(store)) return (null, "");
            using var results = ResultsStore.OpenExisting(store);
            if (SweepDirectory.IsSweep(folder))
                return ("sweep", $"{results.Cells().Count} cells finished");
            var run = results.Runs().FirstOrDefault();
            return ("run", run is null ? "empty" : ReportFiles.Status(run.Status));
        }
        catch (Exception e) when (e is IOException or JsonException or Engine.InputException or Microsoft.Data.Sqlite.SqliteException)
        {
            return ("unreadable", e.Message.Split('\n')[0]);
        }
    }

    /// <summary>A claims.jsonl line that is a paper's claim the data decided: not a check, not "testable": false (a line
    /// written before either field existed counts as a tested claim).</summary>
    private static bool TestedClaim(JsonElement line) =>
        !(line.TryGetProperty("kind", out var kind) && kind.GetString() == "check") &&
        !(line.TryGetProperty("testable", out var testable) && testable.ValueKind == JsonValueKind.False);
}

using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Sweeps;
using Spectre.Console;

namespace NetGeometry.Cli;

/// <summary>
/// How a sweep shows itself: a line on stderr as each cell ends (with --json also the cell's JSON line on stdout, then
/// and there, so a sweep stopped half-way has printed every cell it finished), then a table of the cells.
/// </summary>
public static class SweepLines
{
    /// <param name="sweep">The sweep's name, for the stderr lines.</param>
    /// <param name="jsonSweepDirectory">With --json: the sweep's folder, which each cell's JSON line names; null
    /// prints no JSON.</param>
    public static IProgress<SweepProgress> Progress(string sweep, string? jsonSweepDirectory = null) => new Reporter(p =>
    {
        Console.Error.WriteLine($"{sweep}: cell {p.Finished}/{p.Total} {p.Cell.Cell.Label}: " +
            $"{p.Cell.Status.ToString().ToLowerInvariant()}{(p.Cell.Reused ? " (finished earlier)" : "")}");
        if (jsonSweepDirectory is not null) WriteJson(p.Cell, jsonSweepDirectory);
    });

    /// <summary>One cell as a JSON line: cell, key, status, reused, message, final values, run_dir, bytes (the cell
    /// folder's), sweep_dir, sweep_bytes (the sweep folder's when the cell ended).</summary>
    private static void WriteJson(CellOutcome c, string sweepDirectory)
    {
        var fields = new Dictionary<string, object?>
        {
            ["cell"] = c.Cell.Label,
            ["key"] = c.Cell.Key,
            ["status"] = c.Status.ToString().ToLowerInvariant(),
            ["reused"] = c.Reused,
            ["message"] = c.Message,
        };
        foreach (var (key, value) in c.Final) fields[key] = value;
        fields["run_dir"] = c.Folder;
        fields["bytes"] = FolderSize.Bytes(c.Folder);
        fields["sweep_dir"] = sweepDirectory;
        fields["sweep_bytes"] = FolderSize.Bytes(sweepDirectory);
        JsonLines.Write(fields);
    }

    /// <summary>The table of cells, each one's message, and the sweep's folder and report.</summary>
    public static void Print(SweepOutcome outcome)
    {
        long sweepBytes = FolderSize.Bytes(outcome.Directory);
        var columns = outcome.Cells.SelectMany(c => c.Final.Keys).Where(k => k.EndsWith("_loss") || k.EndsWith("_accuracy")).Distinct().Order().ToList();
        var table = new Table().Title($"[bold]{outcome.Cells.Count} cells[/], {outcome.Cells.Count(c => c.Reused)} finished earlier")
            .AddColumn("cell").AddColumn("status");
        foreach (var c in columns) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var c in outcome.Cells)
            table.AddRow([Markup.Escape(c.Cell.Label), c.Status.ToString().ToLowerInvariant(),
                .. columns.Select(k => c.Final.TryGetValue(k, out var v) ? v.ToString("G4") : "")]);
        AnsiConsole.Write(table);
        foreach (var c in outcome.Cells.Where(c => c.Message is not null))
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(c.Cell.Label)}: {Markup.Escape(c.Message!)}[/]");
        AnsiConsole.MarkupLine($"sweep directory: [link]{Markup.Escape(outcome.Directory)}[/] ({FolderSize.Text(sweepBytes)}), " +
            $"report: {Markup.Escape(Path.Combine(outcome.Directory, "report.html"))}");
    }

    /// <summary>Says on stderr how much a reproduction's folder holds, then returns it.</summary>
    public static ReproductionOutcome Wrote(ReproductionOutcome outcome)
    {
        Console.Error.WriteLine($"{outcome.Reproduction.Name} ({outcome.Profile.ToString().ToLowerInvariant()}): " +
            $"{FolderSize.Text(outcome.Bytes)} in {outcome.Directory}");
        return outcome;
    }

    /// <summary>Calls back synchronously on the thread that reports.</summary>
    private sealed class Reporter(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}

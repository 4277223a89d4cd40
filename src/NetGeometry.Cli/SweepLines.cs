using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Sweeps;
using Spectre.Console;

namespace NetGeometry.Cli;

/// <summary>How a sweep shows itself: a line on stderr as each cell ends, then a table of cells or one JSON line per cell.</summary>
public static class SweepLines
{
    public static IProgress<SweepProgress> Progress(string sweep) => new Reporter(p =>
        Console.Error.WriteLine($"{sweep}: cell {p.Finished}/{p.Total} {p.Cell.Cell.Label}: " +
            $"{p.Cell.Status.ToString().ToLowerInvariant()}{(p.Cell.Reused ? " (finished earlier)" : "")}"));

    public static void Print(SweepOutcome outcome, bool json)
    {
        long sweepBytes = FolderSize.Bytes(outcome.Directory);
        if (json)
        {
            foreach (var c in outcome.Cells)
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
                fields["sweep_dir"] = outcome.Directory;
                fields["sweep_bytes"] = sweepBytes;
                JsonLines.Write(fields);
            }
            return;
        }
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

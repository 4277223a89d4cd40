using NetGeometry.Experiments;
using NetGeometry.Experiments.Retention;
using NetGeometry.Training;
using Spectre.Console;

namespace NetGeometry.Cli;

/// <summary>How a finished run is shown: a table on the console, or one JSON line with --json.</summary>
public static class RunReport
{
    public static void Print(RunOutcome outcome, bool json)
    {
        var r = outcome.Result;
        if (json)
        {
            var fields = new Dictionary<string, object?>
            {
                ["status"] = r.Status.ToString().ToLowerInvariant(),
                ["message"] = r.Message,
                ["steps"] = r.StepsCompleted,
                ["seconds"] = Math.Round(r.Elapsed.TotalSeconds, 3),
            };
            foreach (var (key, value) in r.Final) fields[key] = value;
            fields["run_dir"] = outcome.RunDirectory;
            fields["bytes"] = FolderSize.Bytes(outcome.RunDirectory);
            JsonLines.Write(fields);
            return;
        }
        var table = new Table().Title($"[bold]{Markup.Escape(r.Status.ToString().ToLowerInvariant())}[/] after {r.StepsCompleted} of {r.TotalSteps} steps, {r.Elapsed.TotalSeconds:F1} s")
            .AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value) in r.Final.OrderBy(kv => kv.Key)) table.AddRow(key, value.ToString("G6"));
        AnsiConsole.Write(table);
        if (r.Message is not null) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(r.Message)}[/]");
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(outcome.RunDirectory)}[/] ({FolderSize.Text(FolderSize.Bytes(outcome.RunDirectory))})");
    }
}

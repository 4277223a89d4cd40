using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>How a benchmark prints its figures: one JSON line with --json, otherwise a two-column table.</summary>
public static class BenchOutput
{
    public static void Write(bool json, string title, IReadOnlyDictionary<string, object?> fields)
    {
        if (json)
        {
            JsonLines.Write(fields);
            return;
        }
        var table = new Table().Title($"[bold]{Markup.Escape(title)}[/]").AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value) in fields)
            table.AddRow(key, Markup.Escape(value switch
            {
                double[] values => string.Join(", ", values.Select(x => x.ToString("G6"))),
                double x => x.ToString("G6"),
                _ => value?.ToString() ?? "",
            }));
        AnsiConsole.Write(table);
    }
}

using NetGeometry.Experiments;
using System.CommandLine;
using System.Globalization;
using NetGeometry.Experiments.Analyses;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo complexity: Dong &amp; Zhou's complexity measures of a trained run at every checkpoint (training path, layers
/// as a group path, residual flow); writes runs/complexity-&lt;time&gt;/.
/// </summary>
public static class ComplexityCommand
{
    public static Command Create()
    {
        var command = new Command("complexity",
            "Network complexity as path length, at every checkpoint of a run: distance from initialization, trajectory length and " +
            "straightness (per layer and in total), function-space length on the training set; for residual blocks (their " +
            "data-averaged Jacobians) and square layers (their polar factors) the generators' norms ||log J_l||_G, the path " +
            "complexity sum_l ||log J_l||_G against the direct cost ||log(J_L...J_1)||_G; for residual MLPs the kinetic energy " +
            "and path length of the data through the blocks. Writes runs/complexity-<UTC time>/ with every series and its plot.\n\nExample:\n" +
            "  netgeo train --model residual-mlp --widths 64 --depth 6 --data sphere --steps 500 --checkpoints log:10\n" +
            "  netgeo complexity runs/train-20250101-120000 --q 4 --band 1");
        var common = new CommonOptions();
        var runDir = SavedRunArgument.Create();
        var q = new Option<double>("--q") { Description = "The penalty q >= 1 on generator entries outside the band.", DefaultValueFactory = _ => new ComplexityOptions().Q };
        var band = new Option<int>("--band") { Description = "Cheap generator entries: those with |i - j| <= this.", DefaultValueFactory = _ => new ComplexityOptions().BandHalfWidth };
        command.Arguments.Add(runDir);
        command.Options.Add(q);
        command.Options.Add(band);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            var options = new ComplexityOptions { Q = parsed.GetValue(q), BandHalfWidth = parsed.GetValue(band) };
            options.Validate();
            using var run = SavedRun.Open(parsed.GetValue(runDir)!);
            var checkpoints = ComplexityAnalysis.Measure(run, options, new StatusLines("complexity"));
            var output = ComplexityOutput.Write(outRoot, run, options, checkpoints);
            Print(checkpoints[^1], output, parsed.GetValue(common.Json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CheckpointComplexity final, string runDirectory, bool json)
    {
        var metrics = ComplexityOutput.Metrics(final).ToList();
        if (json)
        {
            var fields = new Dictionary<string, object?> { ["step"] = final.Step };
            foreach (var m in metrics) fields[m.Layer is null ? m.Name : $"{m.Name}:{m.Layer}"] = m.Value;
            if (final.Group?.DirectUndefined is { } reason) fields["direct_cost_undefined"] = reason;
            fields["run_dir"] = runDirectory;
            JsonLines.Write(fields);
            return;
        }
        var table = new Table().Title($"[bold]complexity at the last checkpoint[/] (step {final.Step})")
            .AddColumn("quantity").AddColumn("layer").AddColumn(new TableColumn("value").RightAligned());
        foreach (var m in metrics.OrderBy(m => m.Layer is not null).ThenBy(m => m.Name))
            table.AddRow(m.Name, m.Layer ?? "", m.Value.ToString("G6", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        foreach (var reason in final.Group?.Layers.Where(l => l.Undefined is not null).Select(l => $"{l.Layer}: {l.Undefined}") ?? [])
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(reason)}[/]");
        if (final.Group?.DirectUndefined is { } direct) AnsiConsole.MarkupLine($"[yellow]direct cost: {Markup.Escape(direct)}[/]");
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(runDirectory)}[/]");
    }
}

using NetGeometry.Experiments;
using System.CommandLine;
using System.Globalization;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Sensitivity;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo sensitivity: Zhang, Bengio &amp; Singer's layer robustness of a trained run (re-randomization and
/// re-initialization to each checkpoint, one layer at a time); writes runs/sensitivity-&lt;time&gt;/ with the table and
/// its heatmap.
/// </summary>
public static class SensitivityCommand
{
    public static Command Create()
    {
        var command = new Command("sensitivity",
            "Are all layers created equal? For a run with checkpoints: each layer in turn is re-randomized (fresh draws from its " +
            "initializer) or re-initialized to its value at a checkpoint, the others kept final, and the test error measured " +
            "(the training set's if the run has no test set). Writes runs/sensitivity-<UTC time>/ with sensitivity.csv and the " +
            "heatmap plots/sensitivity.png (rows layers, columns re-randomization then checkpoints).\n\nExample:\n" +
            "  netgeo train --model mlp --widths 256 --depth 4 --data fashion-mnist --epochs 5 --checkpoints log:12\n" +
            "  netgeo sensitivity runs/train-20250101-120000");
        var common = new CommonOptions();
        var runDir = SavedRunArgument.Create();
        var draws = new Option<int>("--draws") { Description = "Re-randomization draws per layer (their mean is the first column).", DefaultValueFactory = _ => 3 };
        var columns = new Option<int>("--columns") { Description = "At most this many checkpoint columns, log-spaced in step.", DefaultValueFactory = _ => 12 };
        command.Arguments.Add(runDir);
        command.Options.Add(draws);
        command.Options.Add(columns);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            var options = new SensitivityOptions { Draws = parsed.GetValue(draws), MaxColumns = parsed.GetValue(columns), Seed = parsed.GetValue(common.Seed) };
            options.Validate();
            using var run = SavedRun.Open(parsed.GetValue(runDir)!);
            var table = SensitivityAnalysis.Measure(run, options, new StatusLines("sensitivity"));
            var output = SensitivityOutput.Write(outRoot, run, options, table);
            Print(table, output, parsed.GetValue(common.Json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(SensitivityMatrix table, string runDirectory, bool json)
    {
        var matrix = table.Matrix;
        if (json)
        {
            JsonLines.Write(new Dictionary<string, object?>
            {
                ["kind"] = table.ErrorKind, ["baseline"] = table.Baseline, ["layers"] = table.Layers, ["checkpoint_steps"] = table.CheckpointSteps,
                ["rerandomized"] = Enumerable.Range(0, table.Layers.Count).Select(l => matrix[l, 0]).ToArray(),
                ["reinitialized"] = Enumerable.Range(0, table.Layers.Count)
                    .Select(l => Enumerable.Range(0, table.CheckpointSteps.Count).Select(c => matrix[l, 1 + c]).ToArray()).ToArray(),
                ["run_dir"] = runDirectory,
            });
            return;
        }
        // Transposed (rows = columns of the table, columns = layers) so that a dozen checkpoints fit a terminal.
        var grid = new Table().Title($"[bold]{table.ErrorKind}[/] on {Markup.Escape(table.DataName)} with one layer changed (unchanged: {table.Baseline:G4})")
            .AddColumn("layer set to");
        foreach (var layer in table.Layers) grid.AddColumn(new TableColumn(Markup.Escape(layer)).RightAligned());
        var rowNames = new[] { $"fresh draw (mean of {table.Rerandomized.GetLength(1)})" }.Concat(table.CheckpointSteps.Select(s => $"checkpoint at step {s}")).ToArray();
        for (int c = 0; c < rowNames.Length; c++)
            grid.AddRow(new[] { rowNames[c] }.Concat(Enumerable.Range(0, table.Layers.Count)
                .Select(l => matrix[l, c].ToString("0.####", CultureInfo.InvariantCulture))).ToArray());
        AnsiConsole.Write(grid);
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(runDirectory)}[/]");
    }
}

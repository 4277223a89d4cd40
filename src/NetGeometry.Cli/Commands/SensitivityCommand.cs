using NetGeometry.Engine;
using NetGeometry.Experiments;
using System.CommandLine;
using System.Globalization;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Sensitivity;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo sensitivity: Zhang, Bengio &amp; Singer's layer robustness (re-randomization and re-initialization to each
/// checkpoint, one layer at a time) of a trained run, or (--torchscript) of a PyTorch model saved as TorchScript with
/// its checkpoints (<see cref="TorchScriptSensitivity"/>); writes runs/sensitivity-&lt;time&gt;/ with the table and its heatmap.
/// </summary>
public static class SensitivityCommand
{
    /// <summary>The command with its arguments and options.</summary>
    public static Command Create()
    {
        var command = new Command("sensitivity",
            "Are all layers created equal? For a run with checkpoints, or a TorchScript model with checkpoints of the same " +
            "architecture: each layer in turn is re-randomized (fresh draws from its initializer) or re-initialized to its value " +
            "at a checkpoint, the others kept final, and the error measured (a run's test set, its training set if it has none; " +
            "for --torchscript the first --examples training examples). Writes runs/sensitivity-<UTC time>/ with sensitivity.csv " +
            "and the heatmap plots/sensitivity.png (rows layers, columns re-randomization then checkpoints).\n\nExamples:\n" +
            "  netgeo train --model mlp --widths 256 --depth 4 --data fashion-mnist --epochs 5 --checkpoints log:12\n" +
            "  netgeo sensitivity runs/train-20250101-120000\n" +
            "  netgeo sensitivity --torchscript final.pt --checkpoint 0=init.pt --checkpoint 100=step100.pt --input-shape 1,28,28 \\\n" +
            "    --loss cross-entropy --data fashion-mnist --examples 2000");
        var common = new CommonOptions();
        var runDir = SavedRunArgument.Create();
        runDir.Arity = ArgumentArity.ZeroOrOne;
        var modelFile = new ModelFileOptions();
        var data = new DataOptions();
        var draws = new Option<int>("--draws") { Description = "Re-randomization draws per layer (their mean is the first column).", DefaultValueFactory = _ => 3 };
        var columns = new Option<int>("--columns") { Description = "At most this many of a run's checkpoints as columns, log-spaced in step.", DefaultValueFactory = _ => 12 };
        var checkpoints = Options.Create<string[]?>("--checkpoint",
            "With --torchscript: STEP=FILE, the same model saved as TorchScript at that step (0 = initialization); one column each, repeat the option.");
        var loss = Options.Create<string?>("--loss",
            "With --torchscript: square or cross-entropy; the error is 1 - accuracy on classification data, the loss on regression data.");
        var examples = Options.Create<int?>("--examples", "With --torchscript: the first N training examples of --data (default: all).");
        command.Arguments.Add(runDir);
        foreach (var o in new Option[] { draws, columns, checkpoints, loss, examples }) command.Options.Add(o);
        modelFile.AddTo(command);
        data.AddTo(command, withSplit: false);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            var file = modelFile.Read(parsed);
            var run = parsed.GetValue(runDir);
            InputException.Require(file is null || run is null,
                "--torchscript takes the model and its checkpoints from files, so a run directory cannot be given with it; give one of them.");
            InputException.Require(file is not null || run is not null,
                "netgeo sensitivity needs a run directory (netgeo sensitivity runs/train-<time>), or --torchscript with --checkpoint.");
            var ignored = GivenOptions.Among(parsed, file is null ? [checkpoints, loss, examples, .. data.All] : [columns]);
            InputException.Require(ignored.Count == 0, file is null
                ? $"{string.Join(", ", ignored)} go{(ignored.Count == 1 ? "es" : "")} with --torchscript; a run brings its own data, loss and checkpoints."
                : $"--columns picks among a run's checkpoints; with --torchscript every --checkpoint is a column, so drop --columns.");
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            var options = new SensitivityOptions { Draws = parsed.GetValue(draws), MaxColumns = parsed.GetValue(columns), Seed = parsed.GetValue(common.Seed) };
            options.Validate();
            var progress = new StatusLines("sensitivity");
            if (file is { } model)
            {
                var measured = new TorchScriptSensitivity(model.File, model.Shape, parsed.GetValue(checkpoints) ?? [], parsed.GetValue(loss),
                    data.Read(parsed), parsed.GetValue(examples)).Measure(options, outRoot, progress);
                Print(measured.Table, measured.Directory, parsed.GetValue(common.Json));
                return ExitCodes.Success;
            }
            using var saved = SavedRun.Open(run!);
            var table = SensitivityAnalysis.Measure(saved, options, progress);
            Print(table, SensitivityOutput.Write(outRoot, saved, options, table), parsed.GetValue(common.Json));
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

using System.CommandLine;
using System.Globalization;
using NetGeometry.Engine;
using NetGeometry.Experiments.Analyses.Landscapes;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo landscape: the loss landscape around and along a run's training path, or around a TorchScript model's
/// weights (<see cref="LandscapeAnalysis"/>); writes runs/landscape-&lt;time&gt;/ (<see cref="LandscapeOutput"/>).
/// </summary>
public static class LandscapeCommand
{
    /// <summary>The command with its arguments and options.</summary>
    public static Command Create()
    {
        var command = new Command("landscape",
            "The loss landscape (Li et al. 2018) of a run's final weights theta*, or of a TorchScript model: the loss and accuracy on the straight line from " +
            "initialization to theta* (and from theta* to --other's final weights: linear mode connectivity) beside the loss at every recorded checkpoint; " +
            "2D grids around theta* on filter-normalized random directions, the top-2 Hessian eigenvectors, and the PCA plane of the recorded trajectory " +
            "with the path drawn on it. Batch norm in evaluation mode (its stored running statistics). Writes runs/landscape-<UTC time>/ with the grids, " +
            "directions and path as .npy and CSV, contour plots (PNG, SVG) and report.html.\n\nExamples:\n" +
            "  netgeo train --model mlp --widths 256,256 --data fashion-mnist --train 10000 --epochs 3 --checkpoints log:12 --name mlp\n" +
            "  netgeo landscape runs/mlp-20250101-120000 --grid 21\n" +
            "  netgeo landscape runs/mlp-20250101-120000 --planes random --other runs/mlp-20250101-130000 --json\n" +
            "  netgeo landscape --torchscript model.pt --input-shape 1,28,28 --loss cross-entropy --data fashion-mnist --examples 2000 --planes random,hessian");
        var runDir = SavedRunArgument.Create();
        runDir.Arity = ArgumentArity.ZeroOrOne;
        var modelFile = new ModelFileOptions();
        var loss = Options.Create<string?>("--loss", "With --torchscript: square or cross-entropy.");
        var data = new DataOptions();
        var examples = Options.Create<int?>("--examples", "The first N training examples (default: all).");
        var batchSize = Options.Create<int?>("--batch-size", $"Examples per forward pass (default: all up to {Experiments.Analyses.HessianSpec.DefaultBatchSize}).");
        var other = Options.Create<string?>("--other", "Another run directory (with --torchscript: another TorchScript file) of the same architecture: the line from theta* to its final weights.");
        var planes = Options.Create<string?>("--planes", $"Planes, comma-separated: {string.Join(", ", LandscapeSpec.PlaneNames)} (default: all that apply; pca needs a run with 3 checkpoints or more).");
        var grid = Options.Create("--grid", "Points a side of each plane's grid.", 21);
        var range = Options.Create("--range", "Random and Hessian planes span [-range, range] in units of a filter-normalized direction (the PCA plane spans the path).", 1.0);
        var linePoints = Options.Create("--line-points", "Points on each line, t from -0.5 to 1.5 (0: no lines).", 41);
        var maxProducts = Options.Create("--max-products", "Lanczos' product budget for the Hessian plane's two eigenvectors.", 100);
        var common = new CommonOptions();
        command.Arguments.Add(runDir);
        command.Options.Add(modelFile.TorchScript);
        foreach (var o in new Option[] { other, planes, grid, range, linePoints, maxProducts, examples, batchSize }) command.Options.Add(o);
        command.Options.Add(modelFile.InputShape);
        command.Options.Add(loss);
        data.AddTo(command, withSplit: false);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            var run = parsed.GetValue(runDir);
            if (run is not null)
            {
                var ignored = GivenOptions.Among(parsed, [modelFile.InputShape, loss, .. data.All]);
                InputException.Require(ignored.Count == 0,
                    $"{string.Join(", ", ignored)} go{(ignored.Count == 1 ? "es" : "")} with --torchscript; a run brings its own data and loss.");
            }
            var spec = new LandscapeSpec
            {
                Run = run, TorchScript = modelFile.File(parsed), InputShape = modelFile.Shape(parsed), Loss = parsed.GetValue(loss),
                Data = data.Read(parsed), Examples = parsed.GetValue(examples), BatchSize = parsed.GetValue(batchSize), Other = parsed.GetValue(other),
                Planes = OptionParsing.NameList(parsed.GetValue(planes)), Grid = parsed.GetValue(grid), Range = parsed.GetValue(range),
                LinePoints = parsed.GetValue(linePoints), MaxProducts = parsed.GetValue(maxProducts), Seed = parsed.GetValue(common.Seed),
            };
            spec.Validate();
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            using var prepared = LandscapeSources.Prepare(spec);
            using var result = LandscapeAnalysis.Measure(prepared, new StatusLines("landscape"));
            var directory = LandscapeOutput.Write(outRoot, prepared, result);
            if (parsed.GetValue(common.Json)) PrintJson(result, directory);
            else PrintTable(prepared, result, directory);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintJson(LandscapeResult result, string directory)
    {
        JsonLines.Write(new Dictionary<string, object?>
        {
            ["kind"] = "origin", ["loss"] = result.Origin.Loss, ["accuracy"] = result.Origin.Accuracy, ["seconds"] = Math.Round(result.Seconds, 3), ["run_dir"] = directory,
        });
        foreach (var line in result.Lines)
            JsonLines.Write(new Dictionary<string, object?>
            {
                ["kind"] = "line", ["name"] = line.Name, ["barrier"] = line.Barrier, ["points"] = line.T.Length,
                ["loss_start"] = line.Points[Array.IndexOf(line.T, 0.0)].Loss, ["loss_end"] = line.Points[Array.IndexOf(line.T, 1.0)].Loss, ["run_dir"] = directory,
            });
        foreach (var plane in result.Planes)
        {
            var losses = plane.Points.Cast<Landscapes.LandscapePoint>().Select(p => p.Loss).ToList();
            JsonLines.Write(new Dictionary<string, object?>
            {
                ["kind"] = "plane", ["name"] = plane.Name, ["note"] = plane.Note, ["grid"] = new[] { plane.A.Length, plane.B.Length },
                ["a_range"] = new[] { plane.A[0], plane.A[^1] }, ["b_range"] = new[] { plane.B[0], plane.B[^1] },
                ["loss_min"] = losses.Min(), ["loss_max"] = losses.Max(), ["path_points"] = plane.Path?.Count, ["run_dir"] = directory,
            });
        }
    }

    private static void PrintTable(PreparedLandscape prepared, LandscapeResult result, string directory)
    {
        static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"loss landscape of {Markup.Escape(prepared.Source)} on {prepared.Data.Count} examples: loss {G(result.Origin.Loss)}" +
            (result.Origin.Accuracy is { } a ? $", accuracy {G(a)}" : "") + $" at theta* ({result.Seconds:F1} s)");
        var table = new Table().AddColumn("picture").AddColumn(new TableColumn("points").RightAligned()).AddColumn(new TableColumn("loss min").RightAligned())
            .AddColumn(new TableColumn("loss max").RightAligned()).AddColumn("what it shows");
        foreach (var line in result.Lines)
            table.AddRow(Markup.Escape($"line {line.Name}"), line.T.Length.ToString(CultureInfo.InvariantCulture), G(line.Points.Min(p => p.Loss)),
                G(line.Points.Max(p => p.Loss)), Markup.Escape($"{line.Title}; barrier {G(line.Barrier)}"));
        if (result.Path.Count > 0)
            table.AddRow("recorded path", result.Path.Count.ToString(CultureInfo.InvariantCulture), G(result.Path.Min(p => p.Point.Loss)),
                G(result.Path.Max(p => p.Point.Loss)), $"the loss at each checkpoint, steps {result.Path[0].Step} to {result.Path[^1].Step}");
        foreach (var plane in result.Planes)
        {
            var losses = plane.Points.Cast<Landscapes.LandscapePoint>().Select(p => p.Loss).ToList();
            table.AddRow(Markup.Escape($"plane {plane.Name}"), $"{plane.A.Length} x {plane.B.Length}", G(losses.Min()), G(losses.Max()),
                Markup.Escape($"{plane.Title}: {plane.Note}"));
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 132);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(directory)}[/]");
    }
}

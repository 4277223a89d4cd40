using System.CommandLine;
using System.Globalization;
using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Experiments.Analyses;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo hessian: the top eigenvalues, trace and spectral density of the loss Hessian, the Gauss-Newton matrix or the
/// empirical Fisher of a trained run, at initialization or at a checkpoint, or (--torchscript) of a PyTorch model saved
/// as TorchScript on a dataset, for the whole network and per layer (<see cref="HessianAnalysis"/>); writes
/// runs/&lt;name&gt;-&lt;time&gt;/ (<see cref="HessianOutput"/>) and prints what it measured.
/// </summary>
public static class HessianCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Create()
    {
        var command = new Command("hessian",
            "Top eigenvalues (Lanczos), trace (Hutch++, with a 95% interval) and spectral density (stochastic Lanczos quadrature) " +
            "of the loss Hessian, Gauss-Newton matrix or empirical Fisher of a run's network on its training set, at initialization " +
            "or at a checkpoint, or of a PyTorch model saved as TorchScript, for the whole network and (--per-layer) each layer's block. Writes runs/<name>-<UTC time>/ with " +
            "results.sqlite, metrics.csv, density.csv and plots/density-*.png.\n\nExamples:\n" +
            "  netgeo train --model mlp --widths 128 --depth 3 --parameterization ntk --steps 500 --checkpoints end --name mlp\n" +
            "  netgeo hessian --run runs/mlp-20250101-120000 --step 500 --matrices loss,ggn --per-layer\n" +
            "  netgeo hessian --run runs/mlp-20250101-120000 --top-k 10 --which smallest --json     # at initialization\n" +
            "  netgeo hessian --torchscript cnn.pt --data fashion-mnist --examples 10000 --input-shape 1,28,28 --loss cross-entropy --matrices loss,ggn,fisher --batch-size 1000");
        var run = Options.Create<string?>("--run", "A run directory written by netgeo train (its spec.json rebuilds network and data). Give it or --torchscript.");
        var modelFile = new ModelFileOptions();
        var lossName = Options.Create<string?>("--loss", "With --torchscript: square (1/2 mean ||f - y||^2, targets one-hot or regression values) or cross-entropy (int64 class labels).");
        var data = new DataOptions();
        var step = Options.Create<long?>("--step", "Use the checkpoint saved at this step (default: the initialization, rebuilt from the spec's seed).");
        var matrices = Options.Create("--matrices", $"Curvature matrices, comma-separated: {string.Join(", ", CurvatureMatrices.Names)} (loss Hessian, generalized Gauss-Newton, empirical Fisher).", "loss,ggn");
        var perLayer = Options.Create<bool>("--per-layer", "Also measure each trainable layer's diagonal block.");
        var examples = Options.Create<int?>("--examples", "Use the first N training examples (default: all).");
        var batchSize = Options.Create<int?>("--batch-size",
            $"Examples per batch: each product sums over batches, one batch's graph in memory at a time (default: all examples in one batch up to {HessianSpec.DefaultBatchSize}, then batches of {HessianSpec.DefaultBatchSize}).");
        var graphMemory = new Option<double?>("--graph-memory")
        {
            Description = "Keep batch graphs across products up to this much memory, e.g. 3G (default 0: each batch's graph is rebuilt at every " +
                "product and memory stays flat in the number of examples); the first batches' forward passes and gradient graphs are then built once.",
            CustomParser = result => OptionParsing.ByteSize(result),
        };
        var topK = Options.Create("--top-k", "Eigenvalues to compute by Lanczos.", 5);
        var which = Options.Create("--which", "Which end of the spectrum: largest, smallest or magnitude.", "largest");
        var tol = Options.Create("--tol", "Relative residual ||A x - theta x|| / |theta| every eigenpair must reach.", 1e-6);
        var maxProducts = Options.Create("--max-products", "Lanczos gives up after this many operator products (the result says converged: false); its basis keeps as many vectors.", 300);
        var traceProducts = Options.Create("--trace-products", "Operator products Hutch++ spends on the trace (at least 6).", 60);
        var densityProbes = Options.Create("--density-probes", "Random start vectors of the spectral density.", 4);
        var densitySteps = Options.Create("--density-steps", "Lanczos steps per start vector (nodes of each quadrature).", 60);
        var sigma = Options.Create<double?>("--sigma", "Width of the Gaussian smoothing the density (default: 1% of the spectrum's span).");
        var measure = Options.Create("--measure", $"What to measure, comma-separated: {string.Join(", ", HessianSpec.MeasureNames)} (on a large model, e.g. all 60,000 images, run the eigenvalues and the trace with the density as two commands).",
            string.Join(",", HessianSpec.MeasureNames));
        var name = Options.Create("--name", "Run name (the run directory starts with it).", "hessian");
        var common = new CommonOptions();
        command.Options.Add(run);
        command.Options.Add(modelFile.TorchScript);
        foreach (var o in new Option[] { step, matrices, measure, perLayer, examples, batchSize, graphMemory, topK, which, tol, maxProducts, traceProducts, densityProbes, densitySteps, sigma, name })
            command.Options.Add(o);
        command.Options.Add(modelFile.InputShape);
        command.Options.Add(lossName);
        data.AddTo(command, withSplit: false);
        common.AddTo(command);
        Option[] modelOnly = [modelFile.InputShape, lossName, .. data.All];

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            if (parsed.GetValue(run) is not null && parsed.GetValue(modelFile.TorchScript) is null)
            {
                var replaced = GivenOptions.Among(parsed, modelOnly);
                InputException.Require(replaced.Count == 0,
                    $"{string.Join(", ", replaced)} {(replaced.Count == 1 ? "applies" : "apply")} to --torchscript only: --run takes the data and loss from the run's spec.json.");
            }
            var spec = new HessianSpec
            {
                Name = parsed.GetValue(name)!,
                Seed = parsed.GetValue(common.Seed),
                Run = parsed.GetValue(run),
                Step = parsed.GetValue(step),
                TorchScript = modelFile.File(parsed),
                InputShape = modelFile.Shape(parsed),
                Loss = parsed.GetValue(lossName),
                Data = data.Read(parsed),
                Examples = parsed.GetValue(examples),
                BatchSize = parsed.GetValue(batchSize),
                GraphMemory = parsed.GetValue(graphMemory) ?? 0,
                Matrices = OptionParsing.NameList(parsed.GetValue(matrices)) ?? [],
                PerLayer = parsed.GetValue(perLayer),
                TopK = parsed.GetValue(topK),
                Which = parsed.GetValue(which)!,
                Tolerance = parsed.GetValue(tol),
                MaxProducts = parsed.GetValue(maxProducts),
                TraceProducts = parsed.GetValue(traceProducts),
                DensityProbes = parsed.GetValue(densityProbes),
                DensitySteps = parsed.GetValue(densitySteps),
                Sigma = parsed.GetValue(sigma),
                Measure = OptionParsing.NameList(parsed.GetValue(measure)) ?? [],
            };
            var progress = new Relay<string>(line => Console.Error.WriteLine($"hessian: {line}"));
            using var prepared = HessianAnalysis.Prepare(spec, progress);
            var spectrum = new SpectrumProgress("hessian");
            var outcome = HessianOutput.Write(outRoot, prepared, HessianAnalysis.Measure(prepared, progress, spectrum, spectrum));
            Report(outcome, prepared, parsed.GetValue(common.Json));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Report(HessianOutcome outcome, PreparedHessian prepared, bool json)
    {
        if (json)
        {
            foreach (var row in outcome.Blocks)
                JsonLines.Write(new Dictionary<string, object?>
                {
                    ["matrix"] = row.Matrix.MetricName(), ["layer"] = row.Layer, ["dimension"] = row.Dimension,
                    ["examples"] = prepared.Examples, ["batch_size"] = prepared.BatchSize,
                    ["eigenvalues"] = row.Summary.Eigenvalues, ["relative_residuals"] = row.Summary.RelativeResiduals,
                    ["converged"] = row.Summary.Converged, ["eigen_products"] = row.Summary.EigenProducts,
                    ["trace"] = row.Summary.Trace?.Value, ["trace_low"] = row.Summary.Trace?.Lower, ["trace_high"] = row.Summary.Trace?.Upper,
                    ["trace_products"] = row.Summary.Trace?.Products ?? 0, ["density_products"] = row.Summary.Density?.Products ?? 0,
                    ["sigma"] = row.Summary.Density is null ? null : row.Sigma, ["density_plot"] = HessianOutput.PlotPath(row), ["seconds"] = Math.Round(row.Seconds, 3),
                    ["run_dir"] = outcome.RunDirectory,
                });
            return;
        }
        var table = new Table().Title("[bold]curvature spectra[/]")
            .AddColumn(new TableColumn("matrix").NoWrap()).AddColumn(new TableColumn("block").NoWrap()).AddColumn(new TableColumn("dimension").RightAligned()).AddColumn("eigenvalues (Lanczos)")
            .AddColumn("trace (Hutch++, 95%)").AddColumn(new TableColumn("products").RightAligned()).AddColumn(new TableColumn("s").RightAligned());
        foreach (var row in outcome.Blocks)
        {
            var s = row.Summary;
            table.AddRow(row.Matrix.MetricName(), Markup.Escape(row.Layer ?? "whole network"), row.Dimension.ToString(CultureInfo.InvariantCulture),
                string.Join("  ", s.Eigenvalues.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))) + (s.Converged ? "" : "  [yellow](not converged)[/]"),
                s.Trace is { } trace ? Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{trace.Value:G4} [{trace.Lower:G4}, {trace.Upper:G4}]")) : "-",
                s.Products.ToString(CultureInfo.InvariantCulture),
                row.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(outcome.RunDirectory)}[/]");
    }
}

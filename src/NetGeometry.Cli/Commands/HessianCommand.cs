using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo hessian: the top eigenvalues, trace and spectral density of the loss Hessian, the Gauss-Newton matrix or the
/// empirical Fisher of a trained run, at initialization or at a checkpoint, or (--torchscript) of a PyTorch model saved
/// as TorchScript on a dataset, summed over batches, for the whole network and per layer, both through the same
/// operators on (model, loss, batches); writes runs/&lt;name&gt;-&lt;time&gt;/ with the metrics, density.csv and one
/// density plot per matrix and block.
/// </summary>
public static class HessianCommand
{
    public const string DensityFile = "density.csv";

    /// <summary>Without --batch-size, up to this many examples are one batch (one graph, built once); more are cut into batches of this size.</summary>
    public const int DefaultBatchSize = 10_000;
    private const int GridPoints = 800;

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
        var run = new Option<string?>("--run") { Description = "A run directory written by netgeo train (its spec.json rebuilds network and data). Give it or --torchscript." };
        var torchscript = Opt<string?>("--torchscript",
            "A PyTorch model saved as TorchScript (torch.jit.trace(model, x).save(path)), forward taking one tensor, measured in float64 " +
            "on the first --examples of --data (fashion-mnist pixels are byte/255, in file order) shaped by --input-shape.", null);
        var inputShape = Opt<string?>("--input-shape", "With --torchscript: the shape of one example, e.g. 1,28,28 (C,H,W); its product must be the data's feature count.", null);
        var lossName = Opt<string?>("--loss", "With --torchscript: square (1/2 mean ||f - y||^2, targets one-hot or regression values) or cross-entropy (int64 class labels).", null);
        var dataOptions = new DataOptions();
        var step = new Option<long?>("--step") { Description = "Use the checkpoint saved at this step (default: the initialization, rebuilt from the spec's seed)." };
        var matrices = Opt("--matrices", $"Curvature matrices, comma-separated: {string.Join(", ", CurvatureMatrices.Names)} (loss Hessian, generalized Gauss-Newton, empirical Fisher).", "loss,ggn");
        var perLayer = new Option<bool>("--per-layer") { Description = "Also measure each trainable layer's diagonal block." };
        var examples = new Option<int?>("--examples") { Description = "Use the first N training examples (default: all)." };
        var batchSize = new Option<int?>("--batch-size")
        {
            Description = $"Examples per batch: each product sums over batches, one batch's graph in memory at a time (default: all examples in one batch up to {DefaultBatchSize}, then batches of {DefaultBatchSize}).",
        };
        var topK = Opt("--top-k", "Eigenvalues to compute by Lanczos.", 5);
        var which = Opt("--which", "Which end of the spectrum: largest, smallest or magnitude.", "largest");
        var tol = Opt("--tol", "Relative residual ||A x - theta x|| / |theta| every eigenpair must reach.", 1e-6);
        var maxProducts = Opt("--max-products", "Lanczos gives up after this many operator products (the result says converged: false).", 300);
        var traceProducts = Opt("--trace-products", "Operator products Hutch++ spends on the trace (at least 6).", 60);
        var densityProbes = Opt("--density-probes", "Random start vectors of the spectral density.", 4);
        var densitySteps = Opt("--density-steps", "Lanczos steps per start vector (nodes of each quadrature).", 60);
        var sigma = new Option<double?>("--sigma") { Description = "Width of the Gaussian smoothing the density (default: 1% of the spectrum's span)." };
        var name = Opt("--name", "Run name (the run directory starts with it).", "hessian");
        var common = new CommonOptions();
        foreach (var o in new Option[] { run, torchscript, step, matrices, perLayer, examples, batchSize, topK, which, tol, maxProducts, traceProducts, densityProbes, densitySteps, sigma, name })
            command.Options.Add(o);
        foreach (var o in new Option[] { inputShape, lossName }) command.Options.Add(o);
        dataOptions.AddTo(command, withSplit: false);
        common.AddTo(command);
        Option[] modelOnly = [inputShape, lossName, .. dataOptions.All];

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            var settings = new SpectrumSettings
            {
                TopK = parsed.GetValue(topK),
                End = ParseEnd(parsed.GetValue(which)!),
                Tolerance = parsed.GetValue(tol),
                MaxProducts = parsed.GetValue(maxProducts),
                TraceProducts = parsed.GetValue(traceProducts),
                DensityProbes = parsed.GetValue(densityProbes),
                DensitySteps = parsed.GetValue(densitySteps),
                Seed = parsed.GetValue(common.Seed),
            };
            InputException.Require(settings.MaxProducts >= settings.TopK, $"--max-products must be at least --top-k ({settings.TopK}), got {settings.MaxProducts}.");
            var kinds = (OptionParsing.NameList(parsed.GetValue(matrices)) ?? Array.Empty<string>()).Select(CurvatureMatrices.Parse).Distinct().ToList();
            InputException.Require(kinds.Count > 0, $"--matrices: name at least one of {string.Join(", ", CurvatureMatrices.Names)}.");
            InputException.Require(parsed.GetValue(run) is null != parsed.GetValue(torchscript) is null,
                "give --run (a run directory written by netgeo train) or --torchscript (a TorchScript file), not both and not neither.");
            if (parsed.GetValue(torchscript) is { } file)
            {
                var given = GivenOptions.Among(parsed, [step]);
                InputException.Require(given.Count == 0, "--step picks a checkpoint of --run; a --torchscript file holds its own weights, so drop --step.");
                var spec = new TorchScriptHessian(Path.GetFullPath(file), dataOptions.Read(parsed), parsed.GetValue(examples), parsed.GetValue(inputShape),
                    parsed.GetValue(lossName), parsed.GetValue(batchSize), kinds, parsed.GetValue(perLayer));
                return spec.Measure(settings, parsed.GetValue(sigma), parsed.GetValue(name)!, outRoot, parsed.GetValue(common.Json));
            }
            var replaced = GivenOptions.Among(parsed, modelOnly);
            InputException.Require(replaced.Count == 0,
                $"{string.Join(", ", replaced)} {(replaced.Count == 1 ? "applies" : "apply")} to --torchscript only: --run takes the data and loss from the run's spec.json.");
            var runDirectory = Path.GetFullPath(parsed.GetValue(run)!);
            long? checkpoint = parsed.GetValue(step);

            using var saved = SavedRun.At(runDirectory, checkpoint ?? 0);
            using var model = saved.Network.AsModel();
            long parameters = model.Dimension;
            InputException.Require(settings.TopK <= parameters,
                $"--top-k {settings.TopK} asks for more eigenvalues than the network has trainable parameters ({parameters}); give at most {parameters}.");
            MemoryBudget.Require(settings.Bytes(parameters), $"the curvature spectrum of {parameters} parameters");
            var train = saved.Data.Train;
            int count = parsed.GetValue(examples) is { } e ? (int)Math.Min(e, train.Count) : (int)train.Count;
            using var data = train.Rows(0, count);
            int size = BatchSize(parsed.GetValue(batchSize), count);
            var batches = data.Batches(size);
            var loss = saved.Loss;
            var specJson = JsonSerializer.Serialize(new
            {
                Command = "hessian", Run = runDirectory, Step = checkpoint, Examples = count, BatchSize = size, Matrices = kinds.Select(k => k.MetricName()),
                PerLayer = parsed.GetValue(perLayer), settings.TopK, Which = settings.End.ToString(), settings.Tolerance, settings.MaxProducts,
                settings.TraceProducts, settings.DensityProbes, settings.DensitySteps, settings.Seed, Sigma = parsed.GetValue(sigma), Source = saved.Spec,
            }, RunSpec.Json);

            return Write(outRoot, parsed.GetValue(name)!, specJson, count, size, parsed.GetValue(common.Json), output => MeasureMatrices(kinds,
                kind => kind.Create(saved.Network, batches, loss), Examples(count, batches.Count), parsed.GetValue(perLayer), settings,
                parsed.GetValue(sigma), checkpoint ?? 0, output));
        });
        return command;
    }

    /// <summary>--batch-size, or by default all examples in one batch up to <see cref="DefaultBatchSize"/>, then batches of that size.</summary>
    internal static int BatchSize(int? given, long count) =>
        (int)(given is { } b ? Math.Min(b, count) : count <= DefaultBatchSize ? count : DefaultBatchSize);

    /// <summary>"1000 examples in 4 batches", for progress lines.</summary>
    internal static string Examples(long count, int batches) => $"{count} examples in {batches} batch{(batches == 1 ? "" : "es")}";

    /// <summary>
    /// Creates runs/&lt;name&gt;-&lt;time&gt;/, measures into it, writes density.csv, marks the run finished (or failed,
    /// rethrowing) and reports: the part every source of a curvature operator shares.
    /// </summary>
    internal static int Write(string outRoot, string name, string specJson, int examples, int batchSize, bool json, Func<RunDirectory, List<Row>> measure)
    {
        using var output = RunDirectory.Create(outRoot, name, specJson);
        List<Row> rows;
        try
        {
            rows = measure(output);
            AtomicFile.WriteText(Path.Combine(output.Path, DensityFile), writer => WriteDensityCsv(writer, rows));
            output.Store.AddArtifact("density", ArtifactKinds.Csv, DensityFile);
        }
        catch (Exception failure)
        {
            output.Finish(RunStatus.Failed, failure.Message);
            throw;
        }
        output.Finish(RunStatus.Completed);
        Report(rows, output.Path, examples, batchSize, json);
        return ExitCodes.Success;
    }

    /// <summary>What one (matrix, block) measurement gave, and where its plot went.</summary>
    internal sealed record Row(CurvatureMatrix Matrix, string? Layer, long Dimension, SpectrumSummary Summary, double Sigma,
        double[] Grid, double[] Density, string Plot, double Seconds);

    /// <summary>
    /// Each matrix, made by <paramref name="create"/> (a run's network and a TorchScript model alike: an operator on
    /// (model, loss, batches)), measured whole and, with <paramref name="perLayer"/>, in each layer's diagonal block.
    /// </summary>
    internal static List<Row> MeasureMatrices(IEnumerable<CurvatureMatrix> kinds, Func<CurvatureMatrix, LossCurvature> create, string examples,
        bool perLayer, SpectrumSettings settings, double? sigma, long step, RunDirectory output)
    {
        var rows = new List<Row>();
        foreach (var kind in kinds)
        {
            using var op = create(kind);
            var blocks = new List<(string? Layer, ILinearOperator Op)> { (null, op) };
            if (perLayer) blocks.AddRange(op.Model.Layers.Select(l => ((string?)l.Name, (ILinearOperator)BlockRestriction.ToLayer(op, op.Model, l.Name))));
            rows.AddRange(MeasureBlocks(kind, blocks, examples, settings, sigma, step, output));
        }
        return rows;
    }

    /// <summary>Each block's spectrum summary, density plot and metrics (the whole operator is the block with no layer).</summary>
    private static List<Row> MeasureBlocks(CurvatureMatrix kind, IEnumerable<(string? Layer, ILinearOperator Op)> blocks, string examples,
        SpectrumSettings settings, double? sigma, long step, RunDirectory output)
    {
        var rows = new List<Row>();
        foreach (var (layer, block) in blocks)
        {
            Console.Error.WriteLine($"hessian: {kind.MetricName()}, {layer ?? "whole network"} ({block.Dimension} parameters, {examples}) ...");
            var clock = Stopwatch.StartNew();
            var summary = SpectrumSummary.Measure(block, settings);
            var width = sigma ?? summary.Density.DefaultSigma;
            var grid = summary.Density.Grid(GridPoints, width);
            var density = summary.Density.Evaluate(grid, width);
            var plot = $"{RunDirectory.PlotsFolder}/density-{kind.MetricName()}{(layer is null ? "" : "-" + layer)}.png";
            Directory.CreateDirectory(Path.Combine(output.Path, RunDirectory.PlotsFolder));
            AtomicFile.WriteAllBytes(Path.Combine(output.Path, plot), SpectralDensityPlot.RenderPng(
                $"{kind.MetricName()} {layer ?? "whole network"}: spectral density", grid, density, summary.Eigenvalues));
            output.Store.AddArtifact($"density {kind.MetricName()} {layer ?? "network"}", ArtifactKinds.Plot, plot);
            output.Store.Record(Metrics(kind.MetricName(), layer, step, summary, settings.End));
            rows.Add(new Row(kind, layer, block.Dimension, summary, width, grid, density, plot, clock.Elapsed.TotalSeconds));
        }
        return rows;
    }

    /// <summary>The eigenvalues as {matrix}_eigenvalue_{i} (largest first), {matrix}_smallest_eigenvalue_{i} or
    /// {matrix}_magnitude_eigenvalue_{i}; the trace and its interval as {matrix}_trace, _trace_low, _trace_high.</summary>
    private static List<Metric> Metrics(string matrix, string? layer, long step, SpectrumSummary s, SpectrumEnd end)
    {
        var which = end switch { SpectrumEnd.Largest => "", SpectrumEnd.Smallest => "smallest_", _ => "magnitude_" };
        var metrics = s.Eigenvalues.Select((value, i) => new Metric(step, $"{matrix}_{which}eigenvalue_{i + 1}", layer, value)).ToList();
        metrics.Add(new Metric(step, $"{matrix}_trace", layer, s.Trace.Value));
        metrics.Add(new Metric(step, $"{matrix}_trace_low", layer, s.Trace.Lower));
        metrics.Add(new Metric(step, $"{matrix}_trace_high", layer, s.Trace.Upper));
        return metrics;
    }

    private static void WriteDensityCsv(TextWriter writer, IEnumerable<Row> rows)
    {
        writer.WriteLine("matrix,layer,eigenvalue,density");
        foreach (var row in rows)
            for (int i = 0; i < row.Grid.Length; i++)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Matrix.MetricName()},{row.Layer},{row.Grid[i]:R},{row.Density[i]:R}"));
    }

    private static void Report(IReadOnlyList<Row> rows, string runDirectory, int examples, int batchSize, bool json)
    {
        if (json)
        {
            foreach (var row in rows)
                JsonLines.Write(new Dictionary<string, object?>
                {
                    ["matrix"] = row.Matrix.MetricName(), ["layer"] = row.Layer, ["dimension"] = row.Dimension,
                    ["examples"] = examples, ["batch_size"] = batchSize,
                    ["eigenvalues"] = row.Summary.Eigenvalues, ["relative_residuals"] = row.Summary.RelativeResiduals,
                    ["converged"] = row.Summary.Converged, ["eigen_products"] = row.Summary.EigenProducts,
                    ["trace"] = row.Summary.Trace.Value, ["trace_low"] = row.Summary.Trace.Lower, ["trace_high"] = row.Summary.Trace.Upper,
                    ["trace_products"] = row.Summary.Trace.Products, ["density_products"] = row.Summary.Density.Products,
                    ["sigma"] = row.Sigma, ["density_plot"] = row.Plot, ["seconds"] = Math.Round(row.Seconds, 3), ["run_dir"] = runDirectory,
                });
            return;
        }
        var table = new Table().Title("[bold]curvature spectra[/]")
            .AddColumn(new TableColumn("matrix").NoWrap()).AddColumn(new TableColumn("block").NoWrap()).AddColumn(new TableColumn("dimension").RightAligned()).AddColumn("eigenvalues (Lanczos)")
            .AddColumn("trace (Hutch++, 95%)").AddColumn(new TableColumn("products").RightAligned()).AddColumn(new TableColumn("s").RightAligned());
        foreach (var row in rows)
        {
            var s = row.Summary;
            table.AddRow(row.Matrix.MetricName(), Markup.Escape(row.Layer ?? "whole network"), row.Dimension.ToString(CultureInfo.InvariantCulture),
                string.Join("  ", s.Eigenvalues.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))) + (s.Converged ? "" : "  [yellow](not converged)[/]"),
                Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{s.Trace.Value:G4} [{s.Trace.Lower:G4}, {s.Trace.Upper:G4}]")),
                (s.EigenProducts + s.Trace.Products + s.Density.Products).ToString(CultureInfo.InvariantCulture),
                row.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(runDirectory)}[/]");
    }

    private static SpectrumEnd ParseEnd(string text) => text.ToLowerInvariant() switch
    {
        "largest" => SpectrumEnd.Largest,
        "smallest" => SpectrumEnd.Smallest,
        "magnitude" => SpectrumEnd.LargestMagnitude,
        _ => throw new InputException($"--which must be largest, smallest or magnitude, got '{text}'."),
    };

    private static Option<T> Opt<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}

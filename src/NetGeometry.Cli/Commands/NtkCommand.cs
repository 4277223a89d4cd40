using System.CommandLine;
using System.Diagnostics;
using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Kernels;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo ntk: a network's empirical NTK on a dataset, at initialization or from a training run's checkpoint, or a
/// TorchScript model's, with its diagnostics and the comparison with the infinite-width kernel; writes
/// runs/&lt;name&gt;-&lt;UTC time&gt;/.
/// </summary>
public static class NtkCommand
{
    public static Command Create()
    {
        var command = new Command("ntk",
            "Compute a network's empirical neural tangent kernel on the first --examples training examples, at initialization, " +
            "from a training run's checkpoint, or of a PyTorch model saved as TorchScript (--torchscript): spectrum, lambda_min/lambda_max, condition number, effective rank, trace, target " +
            "alignment, and the distance to the infinite-width kernel where one exists (relu/identity MLPs in NTK parameterization, " +
            "two-layer-relu). Writes runs/<name>-<UTC time>/ with spec.json, results.sqlite, a log-scale spectrum plot, a heatmap " +
            "ordered by class and, with --save-npy, kernel.npy, eigenvalues.npy and examples.csv.\n\nExamples:\n" +
            "  netgeo ntk --model mlp --widths 512 --depth 3 --parameterization ntk --data fashion-mnist --examples 1000\n" +
            "  netgeo ntk --from-run runs/train-20250101-120000 --step 500 --examples 300 --save-npy\n" +
            "  netgeo ntk --torchscript cnn.pt --input-shape 1,28,28 --data fashion-mnist --examples 1000\n" +
            "  netgeo ntk --model mlp --widths 512 --depth 3 --parameterization ntk --no-bias --data gaussian --dim 784 --examples 20000 --matrix-free\n" +
            "  netgeo ntk --model mlp --widths 512 --depth 3 --parameterization ntk --no-bias --data fashion-mnist --integer-targets --examples 60000 --matrix-free --top-k 20 --no-min --density");
        var common = new CommonOptions();
        var network = new NetworkOptions();
        var modelFile = new ModelFileOptions();
        var data = new DataOptions();
        var examples = Options.Create("--examples", "Training examples the kernel is computed on (the first ones).", 500);
        var fromRun = Options.Create<string?>("--from-run", "A run directory written by netgeo train: its spec gives the network and data, its checkpoint the parameters.");
        var step = Options.Create<long?>("--step", "The checkpoint step of --from-run (default: the last one saved; initialization if none).");
        var method = Options.Create("--method", $"How the kernel is computed: {string.Join(", ", NtkMethods.Names)} (auto: structured for dense networks).", "auto");
        var full = Options.Create<bool>("--full", "Keep every output pair (n o x n o) instead of summing over outputs.");
        var layers = Options.Create<string?>("--layers", "Only these layers' parameters count, e.g. layer1 or layer2,layer3 (per-layer kernels).");
        var matrixFree = Options.Create<bool>("--matrix-free", "Never store the kernel: lambda_max (or the --top-k largest) and with --density the spectral density by Lanczos on the NTK operator, lambda_min by preconditioned LOBPCG (for large n).");
        var topK = Options.Create("--top-k", "--matrix-free: the largest eigenvalues Lanczos finds (20 for a 60,000-example kernel's top of the spectrum).", 1);
        var noMin = Options.Create<bool>("--no-min", "--matrix-free: skip lambda_min (and the condition number); in a large kernel it sits in a dense cluster and costs the most products.");
        var density = Options.Create<bool>("--density", "--matrix-free: also estimate the spectral density by stochastic Lanczos quadrature (--density-probes x --density-steps products), plotted in plots/ntk_density.png.");
        var densityProbes = Options.Create("--density-probes", "--density: random start vectors.", 4);
        var densitySteps = Options.Create("--density-steps", "--density: Lanczos steps (products) per start vector.", 60);
        var sigma = Options.Create<double?>("--sigma", "--density: width of the Gaussian smoothing the density (default: 1% of the spectrum's span).");
        var tolerance = Options.Create("--tolerance", "--matrix-free: the relative residual ||Theta x - theta x|| / theta each eigenvalue must reach.", 1e-6);
        var maxProducts = Options.Create("--max-products", "The most operator products each eigensolver run may use (--matrix-free).", 2000);
        var saveNpy = Options.Create<bool>("--save-npy", "Save the kernel and its eigenvalues as kernel.npy and eigenvalues.npy in the run directory, and examples.csv: each kernel row's example and its row in your data.");
        var name = Options.Create("--name", "Run name (the run directory starts with it).", "ntk");

        network.AddTo(command);
        modelFile.AddTo(command);
        data.AddTo(command, withSplit: false);
        foreach (var o in new Option[] { examples, fromRun, step, method, full, layers, matrixFree, topK, noMin, density, densityProbes, densitySteps, sigma, tolerance, maxProducts, saveNpy, name })
            command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            if (parsed.GetValue(fromRun) is not null) RefuseReplaced(parsed, "--from-run", [.. network.All, .. data.All, common.Seed]);
            if (parsed.GetValue(modelFile.TorchScript) is not null) RefuseReplaced(parsed, "--torchscript", network.All);
            var densityOnly = GivenOptions.Among(parsed, [densityProbes, densitySteps, sigma]);
            InputException.Require(parsed.GetValue(density) || densityOnly.Count == 0,
                $"{string.Join(", ", densityOnly)} {(densityOnly.Count == 1 ? "shapes" : "shape")} the spectral density; give --density too, or drop {(densityOnly.Count == 1 ? "it" : "them")}.");
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            var spec = new NtkSpec
            {
                Name = parsed.GetValue(name)!,
                Seed = parsed.GetValue(common.Seed),
                Network = network.Read(parsed),
                Data = data.Read(parsed),
                FromRun = parsed.GetValue(fromRun),
                TorchScript = modelFile.File(parsed),
                InputShape = modelFile.Shape(parsed),
                Step = parsed.GetValue(step),
                Examples = parsed.GetValue(examples),
                Method = parsed.GetValue(method)!,
                Full = parsed.GetValue(full),
                Layers = OptionParsing.NameList(parsed.GetValue(layers)),
                MatrixFree = parsed.GetValue(matrixFree),
                Tolerance = parsed.GetValue(tolerance),
                MaxProducts = parsed.GetValue(maxProducts),
                TopK = parsed.GetValue(topK),
                NoMin = parsed.GetValue(noMin),
                Density = parsed.GetValue(density),
                DensityProbes = parsed.GetValue(densityProbes),
                DensitySteps = parsed.GetValue(densitySteps),
                Sigma = parsed.GetValue(sigma),
                SaveNpy = parsed.GetValue(saveNpy),
            };
            using var prepared = NtkRun.Prepare(spec);
            Console.Error.WriteLine($"netgeo ntk: {(spec.MatrixFree ? "eigensolvers on the NTK operator" : "computing the NTK")} of " +
                $"{prepared.ModelName} on {prepared.Examples.Count} examples ({prepared.Source})...");
            var progress = new SpectrumProgress("netgeo ntk");
            var outcome = NtkRun.Execute(prepared, outRoot, progress, progress, progress);
            double peakMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
            Print(outcome, peakMegabytes, parsed.GetValue(common.Json));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Refuses the options that --from-run (network, data, seed: the run's spec) or --torchscript (the network:
    /// the file) replace: given with it, they would be ignored without a word.</summary>
    private static void RefuseReplaced(ParseResult parsed, string source, IEnumerable<Option> replaced)
    {
        var given = GivenOptions.Among(parsed, replaced);
        string what = source == "--from-run" ? "the network, data and seed from the run's spec.json" : "the model from the file";
        InputException.Require(given.Count == 0,
            $"{source} takes {what}, so {string.Join(", ", given)} cannot be given with it; " +
            $"drop {(given.Count == 1 ? "it" : "them")}, or leave out {source} to build a fresh network.");
    }

    private static void Print(NtkOutcome outcome, double peakMegabytes, bool json)
    {
        if (json)
        {
            var fields = new Dictionary<string, object?>();
            foreach (var r in outcome.Results) fields[r.Key] = r.IsText ? r.Text : r.Number;
            fields["peak_memory_mb"] = Math.Round(peakMegabytes);
            fields["run_dir"] = outcome.RunDirectory;
            JsonLines.Write(fields);
            return;
        }
        var table = new Table().Title("[bold]empirical NTK[/]").AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        foreach (var r in outcome.Results) table.AddRow(r.Key.Replace('_', ' '), Markup.Escape(r.IsText ? r.Text! : r.Number.ToString("G6")));
        table.AddRow("peak memory", $"{peakMegabytes:F0} MB");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(outcome.RunDirectory)}[/]");
    }
}

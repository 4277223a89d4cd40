using System.CommandLine;
using NetGeometry.Benchmarks;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Engine;

namespace NetGeometry.Cli.Commands;

/// <summary>netgeo bench hvp: times loss-Hessian products and top-k Lanczos on the PyTorch peer's problem (see
/// <see cref="HvpBenchmark"/>); bench/hvp.sh runs it beside the peer and prints the ratios.</summary>
public static class BenchHvpCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Create()
    {
        var command = new Command("hvp",
            "Time Hessian-vector products of the square loss of a bias-free NTK-parameterized ReLU MLP (the PyTorch peer's " +
            "'hess' problem) and the k largest Hessian eigenvalues by Lanczos to a relative residual; one JSON line with --json.\n\n" +
            "Example:\n  netgeo bench hvp --n 1000 --d 100 --width 1024 --depth 3 --k 10 --tol 1e-6 --json");
        var n = Options.Create("--n", "Examples (rows of the random inputs).", 1000);
        var d = Options.Create("--d", "Input dimension.", 100);
        var width = Options.Create("--width", "Hidden width.", 1024);
        var depth = Options.Create("--depth", "Weight layers (depth - 1 hidden layers of --width).", 3);
        var k = Options.Create("--k", "How many of the largest eigenvalues Lanczos computes.", 10);
        var tol = Options.Create("--tol", "Relative residual ||H x - theta x|| / |theta| every eigenpair must reach.", 1e-6);
        var reps = Options.Create("--reps", "Timed products (the median is reported), after one warm-up product.", 5);
        var maxProducts = Options.Create("--max-products", "Lanczos gives up after this many products.", 500);
        var solver = Options.Create<string>("--solver", "auto (Lanczos.Eigenpairs's choice: thick restart at this size), full or thick-restart.", "auto");
        var basis = Options.Create("--basis", "Thick-restart basis size (0: max(2k + 1, 20)).", 0);
        var referenceTol = Options.Create("--reference-tol", "Also solve to this relative residual and report each eigenvalue's relative error against it (0: no reference).", 0.0);
        var problem = Options.Create<string>("--problem", "A folder written by bench/hvp_problem.py: solve the PyTorch peer's own network and data (same sizes and seed) instead of netgeo's draws, so that both sides' product counts compare.");
        var productsOnly = Options.Create<bool>("--products-only", "Time only the products (bench/hvp.sh alternates these runs with the peer's).");
        var common = new CommonOptions();
        foreach (var o in new Option[] { n, d, width, depth, k, tol, reps, maxProducts, solver, basis, referenceTol, problem, productsOnly, common.Seed, common.Threads, common.MaxMemory, common.Device, common.Json })
            command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var spec = new HvpBenchmarkSpec(parsed.GetValue(n), parsed.GetValue(d), parsed.GetValue(width), parsed.GetValue(depth), parsed.GetValue(k),
                parsed.GetValue(tol), parsed.GetValue(reps), parsed.GetValue(maxProducts), parsed.GetValue(productsOnly), parsed.GetValue(common.Seed),
                ParseSolver(parsed.GetValue(solver)!), parsed.GetValue(basis), parsed.GetValue(referenceTol))
            {
                Problem = parsed.GetValue(problem),
            };
            spec.Validate();
            var r = HvpBenchmark.Run(spec, new Relay<string>(stage => Console.Error.WriteLine($"bench hvp: {stage} ...")));
            var fields = new Dictionary<string, object?>
            {
                ["work"] = "hvp", ["n"] = spec.N, ["d"] = spec.D, ["width"] = spec.Width, ["depth"] = spec.Depth,
                ["problem"] = spec.Problem ?? "netgeo's draws", ["params"] = r.Parameters, ["k"] = spec.K, ["tol"] = spec.Tolerance,
                ["seconds_setup"] = r.SecondsSetup, ["seconds_per_hvp"] = r.SecondsPerProduct, ["threads"] = r.Threads,
            };
            if (r.Eigenvalues is { } e)
            {
                fields["seconds_top_k"] = e.SecondsTopK;
                fields["products_top_k"] = e.ProductsTopK;
                fields["seconds_in_products_top_k"] = e.SecondsInProductsTopK;
                fields["solver"] = parsed.GetValue(solver);
                fields["converged"] = e.Converged;
                fields["eigenvalues"] = e.Values;
                fields["relative_residuals"] = e.RelativeResiduals;
                if (spec.ReferenceTolerance > 0)
                {
                    fields["reference_tol"] = spec.ReferenceTolerance;
                    fields["products_reference"] = e.ProductsReference;
                    fields["relative_errors"] = e.RelativeErrors;
                    fields["max_relative_error"] = e.RelativeErrors.Max();
                }
                fields["seconds_power_top1"] = e.SecondsPowerTop;
                fields["products_power_top1"] = e.ProductsPowerTop;
                fields["power_top_eig"] = e.PowerTopValue;
            }
            BenchOutput.Write(parsed.GetValue(common.Json), "bench hvp", fields);
            return ExitCodes.Success;
        });
        return command;
    }

    private static HvpSolver ParseSolver(string name) => name switch
    {
        "auto" => HvpSolver.Auto,
        "full" => HvpSolver.Full,
        "thick-restart" => HvpSolver.ThickRestart,
        _ => throw new InputException($"--solver must be auto, full or thick-restart, got '{name}'."),
    };
}

using System.CommandLine;
using System.Diagnostics;
using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo bench hvp: times loss-Hessian products and top-k Lanczos on the PyTorch peer's problem (torch_peer.py hess):
/// the loss 1/2 mean (f - y)^2 of a bias-free ReLU MLP in NTK parameterization on N(0, 1) inputs and targets, float64.
/// bench/hvp.sh runs it beside the peer and prints the ratios.
/// </summary>
public static class BenchHvpCommand
{
    public static Command Create()
    {
        var command = new Command("hvp",
            "Time Hessian-vector products of the square loss of a bias-free NTK-parameterized ReLU MLP (the PyTorch peer's " +
            "'hess' problem) and the k largest Hessian eigenvalues by Lanczos to a relative residual; one JSON line with --json.\n\n" +
            "Example:\n  netgeo bench hvp --n 1000 --d 100 --width 1024 --depth 3 --k 10 --tol 1e-6 --json");
        var n = Opt("--n", "Examples (rows of the random inputs).", 1000);
        var d = Opt("--d", "Input dimension.", 100);
        var width = Opt("--width", "Hidden width.", 1024);
        var depth = Opt("--depth", "Weight layers (depth - 1 hidden layers of --width).", 3);
        var k = Opt("--k", "How many of the largest eigenvalues Lanczos computes.", 10);
        var tol = Opt("--tol", "Relative residual ||H x - theta x|| / |theta| every eigenpair must reach.", 1e-6);
        var reps = Opt("--reps", "Timed products (the median is reported), after one warm-up product.", 5);
        var maxProducts = Opt("--max-products", "Lanczos gives up after this many products.", 500);
        var productsOnly = new Option<bool>("--products-only") { Description = "Time only the products (bench/hvp.sh alternates these runs with the peer's)." };
        var common = new CommonOptions();
        foreach (var o in new Option[] { n, d, width, depth, k, tol, reps, maxProducts, productsOnly, common.Seed, common.Threads, common.MaxMemory, common.Device, common.Json })
            command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var size = (N: parsed.GetValue(n), D: parsed.GetValue(d), Width: parsed.GetValue(width), Depth: parsed.GetValue(depth));
            int topK = parsed.GetValue(k), repetitions = parsed.GetValue(reps), limit = parsed.GetValue(maxProducts);
            double tolerance = parsed.GetValue(tol);
            long seed = parsed.GetValue(common.Seed);
            InputException.Require(limit >= topK, $"--max-products must be at least --k ({topK}), got {limit}.");
            double parameters = PeerParameters(size.D, size.Width, size.Depth);
            InputException.Require(topK <= parameters,
                $"--k {topK} asks for more eigenvalues than the network has parameters ({parameters}); give at most {parameters}.");
            MemoryBudget.Require(8 * (4 * parameters + 4.0 * size.N * (size.D + size.Width * (size.Depth - 1.0))) + Lanczos.BasisBytes((long)parameters, limit),
                $"the loss Hessian of {parameters:G3} parameters on {size.N} examples");

            using var problem = PeerProblem(size.N, size.D, size.Width, size.Depth, seed);
            var (network, data) = problem;
            var fields = new Dictionary<string, object?>
            {
                ["work"] = "hvp", ["n"] = size.N, ["d"] = size.D, ["width"] = size.Width, ["depth"] = size.Depth,
                ["params"] = network.ParameterCount(), ["k"] = topK, ["tol"] = tolerance,
            };

            MeasureProducts(fields, network, data, repetitions);
            fields["threads"] = TorchRuntime.Threads;
            if (!parsed.GetValue(productsOnly)) MeasureEigenvalues(fields, network, data, topK, tolerance, limit, seed);
            BenchOutput.Write(parsed.GetValue(common.Json), "bench hvp", fields);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>seconds_setup: the forward pass and gradient graph; seconds_per_hvp: the median of single products
    /// through that graph, after one warm-up product.</summary>
    private static void MeasureProducts(Dictionary<string, object?> fields, INetwork network, Dataset data, int repetitions)
    {
        Stage("products");
        var clock = Stopwatch.StartNew();
        using var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square);
        fields["seconds_setup"] = clock.Elapsed.TotalSeconds;
        using var v = randn(new[] { hessian.Dimension }, dtype: hessian.DType, device: hessian.Device);
        hessian.Apply(v).Dispose();
        var times = new List<double>();
        for (int r = 0; r < repetitions; r++)
        {
            clock.Restart();
            hessian.Apply(v).Dispose();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        fields["seconds_per_hvp"] = Median(times);
    }

    /// <summary>The k largest eigenvalues by Lanczos to a relative residual, then the largest alone by power iteration
    /// with the peer's stopping rule; each timed from a fresh operator (forward pass and gradient graph included, as the
    /// peer's time includes them).</summary>
    private static void MeasureEigenvalues(Dictionary<string, object?> fields, INetwork network, Dataset data, int topK,
        double tolerance, int limit, long seed)
    {
        Stage($"top {topK} eigenvalues by Lanczos to relative residual {tolerance:G3}");
        var clock = Stopwatch.StartNew();
        using (var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square))
        using (var pairs = Lanczos.Eigenpairs(hessian, topK, SpectrumEnd.Largest, tolerance, limit, seed))
        {
            fields["seconds_top_k"] = clock.Elapsed.TotalSeconds;
            fields["products_top_k"] = pairs.Products;
            fields["converged"] = pairs.Converged;
            fields["eigenvalues"] = pairs.Values;
            fields["relative_residuals"] = pairs.RelativeResiduals;
        }

        Stage($"top eigenvalue by power iteration, the peer's rule (relative change <= {tolerance:G3})");
        clock.Restart();
        using (var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square))
        using (var top = PowerIteration.Run(hessian, tolerance, limit, seed, PowerIterationStop.RelativeChange))
        {
            fields["seconds_power_top1"] = clock.Elapsed.TotalSeconds;
            fields["products_power_top1"] = top.Products;
            fields["power_top_eig"] = top.Value;
        }
    }

    /// <summary>The weights of the peer's network d -> width (depth - 1 times) -> 1, counted before it is built.</summary>
    private static double PeerParameters(int d, int width, int depth) =>
        depth == 1 ? d : (double)d * width + (depth - 2.0) * width * width + width;

    /// <summary>The peer's network (bias-free ReLU MLP, NTK parameterization, weights N(0, 1)) and N(0, 1) data.</summary>
    private static Problem PeerProblem(int n, int d, int width, int depth, long seed)
    {
        var network = new Mlp(d, Enumerable.Repeat(width, depth - 1).ToArray(), 1, Activation.Relu, Parameterization.Ntk, bias: false,
            device: TorchRuntime.Device);
        network.Initialize(seed);
        using var g = Seeds.Generator(Seeds.Derive(seed, "data"));
        var x = randn(new long[] { n, d }, generator: g, dtype: ScalarType.Float64).to(TorchRuntime.Device);
        var y = randn(new long[] { n, 1 }, generator: g, dtype: ScalarType.Float64).to(TorchRuntime.Device);
        return new Problem(network, new Dataset("random", x, y, "bench hvp: x, y ~ N(0, 1)"));
    }

    private static void Stage(string what) => Console.Error.WriteLine($"bench hvp: {what} ...");

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static Option<T> Opt<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    private sealed record Problem(INetwork Network, Dataset Data) : IDisposable
    {
        public void Dispose()
        {
            Network.Dispose();
            Data.Dispose();
        }
    }
}

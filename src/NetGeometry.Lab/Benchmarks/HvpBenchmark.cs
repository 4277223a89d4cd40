using System.Diagnostics;
using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Benchmarks;

/// <summary>Which Lanczos the benchmark's top-k run uses.</summary>
public enum HvpSolver
{
    /// <summary>The automatic choice of <see cref="Lanczos.Eigenpairs"/> (thick restart at the bench size).</summary>
    Auto,
    /// <summary>Lanczos with full re-orthogonalization, whatever the dimension.</summary>
    Full,
    /// <summary>Thick-restart Lanczos, whatever the dimension.</summary>
    ThickRestart,
}

/// <summary>
/// The Hessian-vector-product benchmark's problem (the peer's, torch_peer.py hess): the loss 1/2 mean (f - y)^2 of a
/// bias-free ReLU MLP d -> width -> ... -> 1 with <see cref="Depth"/> weight layers in NTK parameterization (weights
/// N(0, 1)) on n inputs and targets N(0, 1), float64; <see cref="K"/> largest eigenvalues to the relative residual
/// <see cref="Tolerance"/> within <see cref="MaxProducts"/> products by <see cref="Solver"/> (thick restart with a basis of
/// <see cref="Basis"/> vectors, 0 for its default), each checked against a reference solve at
/// <see cref="ReferenceTolerance"/> (0: none); <see cref="Reps"/> timed products; <see cref="ProductsOnly"/> skips the
/// eigenvalues. The network and data are netgeo's own seeded draws, or with <see cref="Problem"/> the peer's very ones.
/// </summary>
public sealed record HvpBenchmarkSpec(int N, int D, int Width, int Depth, int K, double Tolerance, int Reps, int MaxProducts,
    bool ProductsOnly, long Seed, HvpSolver Solver = HvpSolver.Auto, int Basis = 0, double ReferenceTolerance = 0)
{
    /// <summary>
    /// A folder written by bench/hvp_problem.py (x.npy, y.npy, layer1.npy .. layer{Depth}.npy, float64): the network
    /// and data torch_peer.py hess draws from PyTorch's generator at its seed, loaded in place of netgeo's draws so
    /// that both sides solve the identical problem (product counts compare only then). Null: netgeo draws its own.
    /// </summary>
    public string? Problem { get; init; }

    /// <summary>The weights of the network d -> width (depth - 1 times) -> 1, counted before it is built.</summary>
    public double Parameters => Depth == 1 ? D : (double)D * Width + (Depth - 2.0) * Width * Width + Width;

    /// <summary>The products the reference solve may take: four times <see cref="MaxProducts"/>.</summary>
    public int ReferenceProducts => 4 * MaxProducts;

    /// <summary>Throws an <see cref="InputException"/> for sizes that do not go together or do not fit the memory budget.</summary>
    public void Validate()
    {
        InputException.Require(MaxProducts >= K, $"--max-products must be at least --k ({K}), got {MaxProducts}.");
        double parameters = Parameters;
        InputException.Require(K <= parameters, $"--k {K} asks for more eigenvalues than the network has parameters ({parameters}); give at most {parameters}.");
        InputException.Require(Basis == 0 || Basis >= K + 2, $"--basis must be 0 (the default) or at least --k + 2 ({K + 2}), got {Basis}.");
        InputException.Require(ReferenceTolerance >= 0, $"--reference-tol must be 0 (no reference) or positive, got {ReferenceTolerance}.");
        if (Problem is not null)
            foreach (var file in ProblemFiles)
                InputException.Require(File.Exists(Path.Combine(Problem, file)),
                    $"--problem {Problem} has no {file}: write the folder with bench/hvp_problem.py at the same --n, --d, --width and --depth.");
        int products = ReferenceTolerance > 0 ? ReferenceProducts : MaxProducts;
        MemoryBudget.Require(8 * (4 * parameters + 4.0 * N * (D + Width * (Depth - 1.0))) + BasisBytes((long)parameters, products),
            $"the loss Hessian of {parameters:G3} parameters on {N} examples");
    }

    /// <summary>The files a <see cref="Problem"/> folder holds.</summary>
    internal IEnumerable<string> ProblemFiles => new[] { "x.npy", "y.npy" }.Concat(Enumerable.Range(1, Depth).Select(l => $"layer{l}.npy"));

    /// <summary>The bytes of the solver's basis within the given products.</summary>
    private double BasisBytes(long dimension, int products) => Solver switch
    {
        HvpSolver.Full => Lanczos.BasisBytes(dimension, products),
        HvpSolver.ThickRestart => ThickRestartLanczos.BasisBytes(dimension, K, Basis == 0 ? null : Basis),
        _ => Lanczos.BasisBytes(dimension, K, products),
    };

    /// <summary>The top-k eigenpairs of <paramref name="op"/> by the chosen solver, to a tolerance within a product limit.</summary>
    internal EigenPairs Solve(ILinearOperator op, double tolerance, int limit) => Solver switch
    {
        HvpSolver.Full => Lanczos.Full(op, K, SpectrumEnd.Largest, tolerance, (int)Math.Min(op.Dimension, limit), Seed, null),
        HvpSolver.ThickRestart => ThickRestartLanczos.Eigenpairs(op, K, SpectrumEnd.Largest, tolerance, limit, Seed, null, Basis == 0 ? null : Basis),
        _ => Basis == 0 || !Lanczos.RestartsThick(op.Dimension, K, limit)
            ? Lanczos.Eigenpairs(op, K, SpectrumEnd.Largest, tolerance, limit, Seed)
            : ThickRestartLanczos.Eigenpairs(op, K, SpectrumEnd.Largest, tolerance, limit, Seed, null, Basis),
    };
}

/// <summary>
/// What the Hessian-vector-product benchmark measured: the setup (forward pass and gradient graph) and the median
/// product in seconds; unless products only, the k largest eigenvalues by Lanczos (time, products, convergence,
/// values, relative residuals) and the largest by power iteration with the peer's stopping rule (time, products, value).
/// </summary>
public sealed record HvpBenchmarkResult(HvpBenchmarkSpec Spec, long Parameters, int Threads, double SecondsSetup, double SecondsPerProduct,
    HvpEigenvalues? Eigenvalues);

/// <summary>The eigenvalue part of <see cref="HvpBenchmarkResult"/>, each timed from a fresh operator: the top-k run's
/// seconds overall and in its products (the sum of each product's time), its products, convergence, values and relative
/// residuals, each value's relative error |theta - theta_ref| / |theta_ref| against the reference solve (empty without
/// one) and that solve's products; then the largest eigenvalue by power iteration with the peer's rule.</summary>
public sealed record HvpEigenvalues(double SecondsTopK, int ProductsTopK, bool Converged, double[] Values, double[] RelativeResiduals,
    double SecondsPowerTop, int ProductsPowerTop, double PowerTopValue, double SecondsInProductsTopK, double[] RelativeErrors,
    int ProductsReference);

/// <summary>
/// Times loss-Hessian products and the top eigenvalues of <see cref="HvpBenchmarkSpec"/>'s problem: single products
/// through one operator's graph (the median after a warm-up product), then Lanczos and power iteration, each on an
/// operator built afresh so that its time includes the forward pass and gradient graph, as the peer's does.
/// </summary>
public static class HvpBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="stage"/> hears each stage as it starts.</summary>
    public static HvpBenchmarkResult Run(HvpBenchmarkSpec spec, IProgress<string>? stage = null)
    {
        spec.Validate();
        using var network = PeerNetwork(spec);
        using var data = PeerData(spec);
        stage?.Report("products");
        var (setup, perProduct) = Products(network, data, spec.Reps);
        int threads = TorchRuntime.Threads;
        var eigenvalues = spec.ProductsOnly ? null : Eigenvalues(network, data, spec, stage);
        return new HvpBenchmarkResult(spec, network.ParameterCount(), threads, setup, perProduct, eigenvalues);
    }

    /// <summary>The peer's network: the bias-free ReLU MLP d -> width (depth - 1 times) -> 1 in NTK parameterization, weights
    /// N(0, 1) from the seed, or the peer's own weights from <see cref="HvpBenchmarkSpec.Problem"/>.</summary>
    internal static Mlp PeerNetwork(HvpBenchmarkSpec spec)
    {
        var network = new Mlp(spec.D, Enumerable.Repeat(spec.Width, spec.Depth - 1).ToArray(), 1, Activation.Relu, Parameterization.Ntk,
            bias: false, device: TorchRuntime.Device);
        if (spec.Problem is not { } folder)
        {
            network.Initialize(spec.Seed);
            return network;
        }
        using (no_grad())
            for (int l = 0; l < network.Layers.Count; l++)
            {
                var weight = ((DenseLayer)network.Layers[l]).Weight;
                using var loaded = ProblemArray(folder, $"layer{l + 1}.npy", weight.shape);
                weight.copy_(loaded);
            }
        return network;
    }

    /// <summary>The peer's inputs and targets, N(0, 1), drawn from the seed's "data" stream, or the peer's own from
    /// <see cref="HvpBenchmarkSpec.Problem"/>.</summary>
    internal static Dataset PeerData(HvpBenchmarkSpec spec)
    {
        if (spec.Problem is { } folder)
            return new Dataset("peer", ProblemArray(folder, "x.npy", [spec.N, spec.D]), ProblemArray(folder, "y.npy", [spec.N, 1]),
                $"bench hvp: the peer's x, y ~ N(0, 1) from {folder}");
        using var g = Seeds.Generator(Seeds.Derive(spec.Seed, "data"));
        var x = randn(new long[] { spec.N, spec.D }, generator: g, dtype: ScalarType.Float64).to(TorchRuntime.Device);
        var y = randn(new long[] { spec.N, 1 }, generator: g, dtype: ScalarType.Float64).to(TorchRuntime.Device);
        return new Dataset("random", x, y, "bench hvp: x, y ~ N(0, 1)");
    }

    /// <summary>One array of a problem folder, which must have the shape the sizes give.</summary>
    private static Tensor ProblemArray(string folder, string file, long[] shape)
    {
        string path = Path.Combine(folder, file);
        double[] values;
        long[] found;
        try
        {
            using var stream = File.OpenRead(path);
            (values, found) = NpyFile.Read(stream);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--problem: {path} is not readable as float64 .npy: {e.Message}");
        }
        InputException.Require(found.SequenceEqual(shape),
            $"--problem: {path} is {string.Join(" x ", found)}, the sizes give {string.Join(" x ", shape)}: write it at the same --n, --d, --width and --depth.");
        return tensor(values, shape, dtype: ScalarType.Float64).to(TorchRuntime.Device);
    }

    /// <summary>The forward pass and gradient graph's seconds, and the median of single products through that graph
    /// after one warm-up product.</summary>
    private static (double Setup, double PerProduct) Products(INetwork network, Dataset data, int reps)
    {
        var clock = Stopwatch.StartNew();
        using var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square);
        double setup = clock.Elapsed.TotalSeconds;
        using var v = randn(new[] { hessian.Dimension }, dtype: hessian.DType, device: hessian.Device);
        hessian.Apply(v).Dispose();
        var times = Enumerable.Range(0, reps).Select(_ => Timing.Seconds(() => hessian.Apply(v).Dispose())).ToList();
        return (setup, Timing.Median(times));
    }

    /// <summary>The k largest eigenvalues by Lanczos to a relative residual, with the seconds spent in its products and,
    /// when asked, the errors against a tight reference solve; then the largest alone by power iteration with the
    /// peer's stopping rule.</summary>
    private static HvpEigenvalues Eigenvalues(INetwork network, Dataset data, HvpBenchmarkSpec spec, IProgress<string>? stage)
    {
        stage?.Report($"top {spec.K} eigenvalues by Lanczos ({spec.Solver}) to relative residual {spec.Tolerance:G3}");
        var clock = Stopwatch.StartNew();
        double secondsTopK, secondsInProducts;
        int productsTopK;
        bool converged;
        double[] values, residuals;
        using (var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square))
        {
            var timed = new TimedOperator(hessian);
            using var pairs = spec.Solve(timed, spec.Tolerance, spec.MaxProducts);
            secondsTopK = clock.Elapsed.TotalSeconds;
            secondsInProducts = timed.Seconds;
            (productsTopK, converged, values, residuals) = (pairs.Products, pairs.Converged, pairs.Values, pairs.RelativeResiduals);
        }

        double[] errors = [];
        int productsReference = 0;
        if (spec.ReferenceTolerance > 0)
        {
            stage?.Report($"reference: the same solver to relative residual {spec.ReferenceTolerance:G3}");
            using var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square);
            using var reference = spec.Solve(hessian, spec.ReferenceTolerance, spec.ReferenceProducts);
            errors = values.Zip(reference.Values, (v, r) => Math.Abs(v - r) / Math.Abs(r)).ToArray();
            productsReference = reference.Products;
        }

        stage?.Report($"top eigenvalue by power iteration, the peer's rule (relative change <= {spec.Tolerance:G3})");
        clock.Restart();
        using var power = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square);
        using var top = PowerIteration.Run(power, spec.Tolerance, spec.MaxProducts, spec.Seed, PowerIterationStop.RelativeChange);
        return new HvpEigenvalues(secondsTopK, productsTopK, converged, values, residuals, clock.Elapsed.TotalSeconds, top.Products, top.Value,
            secondsInProducts, errors, productsReference);
    }

    /// <summary>An operator that adds up the seconds its products take (the rest of a solve is the solver's overhead).</summary>
    private sealed class TimedOperator(ILinearOperator inner) : ILinearOperator
    {
        public double Seconds { get; private set; }

        public long Dimension => inner.Dimension;

        public ScalarType DType => inner.DType;

        public Device Device => inner.Device;

        public Tensor Apply(Tensor v)
        {
            long start = Stopwatch.GetTimestamp();
            var result = inner.Apply(v);
            Seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            return result;
        }
    }
}

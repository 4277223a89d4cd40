using System.Diagnostics;
using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Benchmarks;

/// <summary>
/// The Hessian-vector-product benchmark's problem (the peer's, torch_peer.py hess): the loss 1/2 mean (f - y)^2 of a
/// bias-free ReLU MLP d -> width -> ... -> 1 with <see cref="Depth"/> weight layers in NTK parameterization (weights
/// N(0, 1)) on n inputs and targets N(0, 1), float64; <see cref="K"/> largest eigenvalues to the relative residual
/// <see cref="Tolerance"/> within <see cref="MaxProducts"/> products; <see cref="Reps"/> timed products;
/// <see cref="ProductsOnly"/> skips the eigenvalues.
/// </summary>
public sealed record HvpBenchmarkSpec(int N, int D, int Width, int Depth, int K, double Tolerance, int Reps, int MaxProducts,
    bool ProductsOnly, long Seed)
{
    /// <summary>The weights of the network d -> width (depth - 1 times) -> 1, counted before it is built.</summary>
    public double Parameters => Depth == 1 ? D : (double)D * Width + (Depth - 2.0) * Width * Width + Width;

    /// <summary>Throws an <see cref="InputException"/> for sizes that do not go together or do not fit the memory budget.</summary>
    public void Validate()
    {
        InputException.Require(MaxProducts >= K, $"--max-products must be at least --k ({K}), got {MaxProducts}.");
        double parameters = Parameters;
        InputException.Require(K <= parameters, $"--k {K} asks for more eigenvalues than the network has parameters ({parameters}); give at most {parameters}.");
        MemoryBudget.Require(8 * (4 * parameters + 4.0 * N * (D + Width * (Depth - 1.0))) + Lanczos.BasisBytes((long)parameters, MaxProducts),
            $"the loss Hessian of {parameters:G3} parameters on {N} examples");
    }
}

/// <summary>
/// What the Hessian-vector-product benchmark measured: the setup (forward pass and gradient graph) and the median
/// product in seconds; unless products only, the k largest eigenvalues by Lanczos (time, products, convergence,
/// values, relative residuals) and the largest by power iteration with the peer's stopping rule (time, products, value).
/// </summary>
public sealed record HvpBenchmarkResult(HvpBenchmarkSpec Spec, long Parameters, int Threads, double SecondsSetup, double SecondsPerProduct,
    HvpEigenvalues? Eigenvalues);

/// <summary>The eigenvalue part of <see cref="HvpBenchmarkResult"/>, each timed from a fresh operator.</summary>
public sealed record HvpEigenvalues(double SecondsTopK, int ProductsTopK, bool Converged, double[] Values, double[] RelativeResiduals,
    double SecondsPowerTop, int ProductsPowerTop, double PowerTopValue);

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

    /// <summary>The peer's network: the bias-free ReLU MLP d -> width (depth - 1 times) -> 1 in NTK parameterization, weights N(0, 1) from the seed.</summary>
    internal static Mlp PeerNetwork(HvpBenchmarkSpec spec)
    {
        var network = new Mlp(spec.D, Enumerable.Repeat(spec.Width, spec.Depth - 1).ToArray(), 1, Activation.Relu, Parameterization.Ntk,
            bias: false, device: TorchRuntime.Device);
        network.Initialize(spec.Seed);
        return network;
    }

    /// <summary>The peer's inputs and targets, N(0, 1), drawn from the seed's "data" stream.</summary>
    internal static Dataset PeerData(HvpBenchmarkSpec spec)
    {
        using var g = Seeds.Generator(Seeds.Derive(spec.Seed, "data"));
        var x = randn(new long[] { spec.N, spec.D }, generator: g, dtype: ScalarType.Float64).to(TorchRuntime.Device);
        var y = randn(new long[] { spec.N, 1 }, generator: g, dtype: ScalarType.Float64).to(TorchRuntime.Device);
        return new Dataset("random", x, y, "bench hvp: x, y ~ N(0, 1)");
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

    /// <summary>The k largest eigenvalues by Lanczos to a relative residual, then the largest alone by power iteration
    /// with the peer's stopping rule.</summary>
    private static HvpEigenvalues Eigenvalues(INetwork network, Dataset data, HvpBenchmarkSpec spec, IProgress<string>? stage)
    {
        stage?.Report($"top {spec.K} eigenvalues by Lanczos to relative residual {spec.Tolerance:G3}");
        var clock = Stopwatch.StartNew();
        double secondsTopK;
        int productsTopK;
        bool converged;
        double[] values, residuals;
        using (var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square))
        using (var pairs = Lanczos.Eigenpairs(hessian, spec.K, SpectrumEnd.Largest, spec.Tolerance, spec.MaxProducts, spec.Seed))
        {
            secondsTopK = clock.Elapsed.TotalSeconds;
            (productsTopK, converged, values, residuals) = (pairs.Products, pairs.Converged, pairs.Values, pairs.RelativeResiduals);
        }

        stage?.Report($"top eigenvalue by power iteration, the peer's rule (relative change <= {spec.Tolerance:G3})");
        clock.Restart();
        using var power = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square);
        using var top = PowerIteration.Run(power, spec.Tolerance, spec.MaxProducts, spec.Seed, PowerIterationStop.RelativeChange);
        return new HvpEigenvalues(secondsTopK, productsTopK, converged, values, residuals, clock.Elapsed.TotalSeconds, top.Products, top.Value);
    }
}

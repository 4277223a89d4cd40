using System.Diagnostics;
using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Benchmarks;

/// <summary>
/// The Gauss-Newton benchmark's problem: the Hessian-vector-product benchmark's (<see cref="HvpBenchmark"/>, the peer's
/// torch_peer.py hess: the loss 1/2 mean (f - y)^2 of a bias-free ReLU MLP d -> width -> ... -> 1 in NTK
/// parameterization on n inputs, float64), with <see cref="Reps"/> timed products of each kind.
/// </summary>
internal sealed record GgnBenchmarkSpec(int N, int D, int Width, int Depth, int Reps, long Seed)
{
    /// <summary>The same problem as the Hessian benchmark states it (its eigenvalue fields unused).</summary>
    public HvpBenchmarkSpec Problem => new(N, D, Width, Depth, K: 1, Tolerance: 1e-6, Reps, MaxProducts: 1, ProductsOnly: true, Seed);

    /// <summary>Throws an <see cref="InputException"/> for sizes that do not fit the memory budget or a count below one.</summary>
    public void Validate()
    {
        InputException.Require(Reps >= 1, $"--reps must be at least 1, got {Reps}.");
        Problem.Validate();
    }
}

/// <summary>
/// What the Gauss-Newton benchmark measured, in seconds: each operator's setup (forward pass and what its products keep)
/// and the median of its single products, for the closed-form GGN, the autograd GGN and the loss Hessian; and the
/// largest relative difference max|G_closed v - G_autograd v| / max|G_autograd v| over the compared vectors.
/// </summary>
internal sealed record GgnBenchmarkResult(GgnBenchmarkSpec Spec, long Parameters, int Threads,
    double SetupClosedForm, double SetupAutograd, double SetupHessian,
    double SecondsClosedForm, double SecondsAutograd, double SecondsHessian, double MaxRelativeDifference);

/// <summary>
/// Times Gauss-Newton products in closed form (<see cref="GaussNewtonMethod.ClosedForm"/>) against the autograd GGN
/// product and the loss-Hessian product on one problem: the three operators are built once each (timed), take one
/// warm-up product on each of three random vectors (the closed form compared with autograd there), then
/// <see cref="GgnBenchmarkSpec.Reps"/> rounds of one product of each kind in turn, so that a load change on a shared
/// machine touches the three alike; the medians are reported.
/// </summary>
internal static class GgnBenchmark
{
    private const int Compared = 3;

    /// <summary>Runs the benchmark; <paramref name="stage"/> hears each stage as it starts.</summary>
    public static GgnBenchmarkResult Run(GgnBenchmarkSpec spec, IProgress<string>? stage = null)
    {
        spec.Validate();
        var problem = spec.Problem;
        using var network = HvpBenchmark.PeerNetwork(problem);
        using var data = HvpBenchmark.PeerData(problem);
        using var model = network.AsModel();
        var loss = TrainingBatch.Loss(LossKind.Square);
        var batches = TrainingBatch.Batches(network, new[] { data }, LossKind.Square).ToList();

        stage?.Report("setup: closed-form GGN, autograd GGN, loss Hessian");
        var clock = Stopwatch.StartNew();
        using var closed = new GaussNewton(model, loss, batches, GaussNewtonMethod.ClosedForm);
        double setupClosed = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var autograd = new GaussNewton(model, loss, batches, GaussNewtonMethod.Autograd);
        double setupAutograd = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var hessian = CurvatureMatrix.LossHessian.Create(network, data, LossKind.Square);
        double setupHessian = clock.Elapsed.TotalSeconds;

        stage?.Report($"closed form against autograd on {Compared} vectors (the warm-up products)");
        using var g = Seeds.Generator(Seeds.Derive(spec.Seed, "ggn vectors"));
        using var vectors = randn(new long[] { Compared, model.Dimension }, generator: g, dtype: model.DType).to(model.Device);
        double difference = 0;
        for (int r = 0; r < Compared; r++)
        {
            using var scope = NewDisposeScope();
            var expected = autograd.Apply(vectors[r]);
            using var gap = closed.Apply(vectors[r]).sub_(expected).abs_().max();
            using var scale = expected.abs().max();
            difference = Math.Max(difference, gap.item<double>() / scale.item<double>());
            hessian.Apply(vectors[r]).Dispose();
        }

        stage?.Report($"{spec.Reps} rounds of one product of each kind");
        using var v = vectors[0];
        var times = new[] { new List<double>(), new List<double>(), new List<double>() };
        for (int r = 0; r < spec.Reps; r++)
        {
            times[0].Add(Timing.Seconds(() => closed.Apply(v).Dispose()));
            times[1].Add(Timing.Seconds(() => autograd.Apply(v).Dispose()));
            times[2].Add(Timing.Seconds(() => hessian.Apply(v).Dispose()));
        }
        return new GgnBenchmarkResult(spec, model.Dimension, TorchRuntime.Threads, setupClosed, setupAutograd, setupHessian,
            Timing.Median(times[0]), Timing.Median(times[1]), Timing.Median(times[2]), difference);
    }
}

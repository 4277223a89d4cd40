using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Benchmarks;

/// <summary>
/// The Du benchmark's sizes (the peer's problem, torch_peer.py du): n inputs uniform on the unit sphere in R^d,
/// targets y ~ N(0, 1), Du et al.'s two-layer ReLU network of width m (W trained, a fixed), float64, and
/// <see cref="Steps"/> steps W &lt;- W - eta dL/dW of full-batch gradient descent on L = 1/2 sum_i (f(x_i) - y_i)^2.
/// </summary>
public sealed record DuBenchmarkSpec(int N, int D, int Width, int Steps, double LearningRate, int Reps, long Seed)
{
    public void Validate()
    {
        InputException.Require(N > 0 && D > 0 && Width > 0, $"{InputField.Of(nameof(N))}, {InputField.Of(nameof(D))} and {InputField.Of(nameof(Width))} must be positive, got {N}, {D}, {Width}.");
        InputException.Require(Steps >= 1 && Reps >= 1, $"{InputField.Of(nameof(Steps))} and {InputField.Of(nameof(Reps))} must be at least 1, got {Steps} and {Reps}.");
        InputException.Require(LearningRate > 0 && double.IsFinite(LearningRate), $"{InputField.Of(nameof(LearningRate))} must be a positive number, got {LearningRate}.");
        MemoryBudget.Require(8.0 * ((double)N * D + 3.0 * N * Width + 3.0 * Width * D), $"Du et al.'s network of width {Width} on {N} examples in R^{D}");
    }
}

/// <summary>What the Du benchmark measured: the median seconds of all the steps together, the work, the loss before
/// and after them, and the GEMM rate beside it.</summary>
public sealed record DuBenchmarkResult(DuBenchmarkSpec Spec, int Threads, double Seconds, double Flops, double InitialLoss,
    double FinalLoss, double GemmGflopsPerSecond)
{
    public double GflopsPerSecond => Flops / Seconds / 1e9;
}

/// <summary>
/// Times <see cref="DuBenchmarkSpec.Steps"/> gradient-descent steps with the closed-form gradient
/// (<see cref="DuGradient"/>): one warm-up run, then <see cref="DuBenchmarkSpec.Reps"/> timed runs, each from the
/// same initial W (restored outside the timing) and followed by a timed GEMM (<see cref="GemmRate"/>).
/// </summary>
public static class DuBenchmark
{
    public static DuBenchmarkResult Run(DuBenchmarkSpec spec)
    {
        spec.Validate();
        using var network = new TwoLayerRelu(spec.D, spec.Width, device: TorchRuntime.Device);
        network.Initialize(spec.Seed);
        using var data = GaussianLabels.Label(SphereInputs.Sample(spec.N, spec.D, Seeds.Derive(spec.Seed, "data")), Seeds.Derive(spec.Seed, "labels"));
        var (x, y) = (data.Inputs.to(TorchRuntime.Device), data.Targets.to(TorchRuntime.Device));
        using var initial = network.Snapshot();
        using var gemm = new GemmRate();
        double initialLoss = Loss(network, x, y);
        Descend(network, x, y, spec);
        gemm.Run();
        var seconds = new List<double>();
        var gemmSeconds = new List<double>();
        for (int i = 0; i < spec.Reps; i++)
        {
            network.Restore(initial);
            seconds.Add(Timing.Seconds(() => Descend(network, x, y, spec)));
            gemmSeconds.Add(Timing.Seconds(gemm.Run));
        }
        // Per step: X W^T and the gradient's (...)^T X, 2 n m d multiply-adds each.
        double flops = 4.0 * spec.N * spec.Width * spec.D * spec.Steps;
        return new DuBenchmarkResult(spec, TorchRuntime.Threads, Timing.Median(seconds), flops, initialLoss, Loss(network, x, y),
            gemm.Flops / Timing.Median(gemmSeconds) / 1e9);
    }

    private static void Descend(TwoLayerRelu network, Tensor x, Tensor y, DuBenchmarkSpec spec)
    {
        using var _ = no_grad();
        for (int k = 0; k < spec.Steps; k++)
        {
            using var gradient = DuGradient.Hidden(network, x, y);
            network.Hidden.Weight.add_(gradient, alpha: Held(-spec.LearningRate));
        }
    }

    /// <summary>1/2 sum_i (f(x_i) - y_i)^2, Du et al.'s loss.</summary>
    private static double Loss(INetwork network, Tensor x, Tensor y)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return network.Forward(x).sub(y).pow(Held(2)).sum().item<double>() / 2;
    }
}

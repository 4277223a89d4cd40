using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Benchmarks;

/// <summary>
/// The NTK benchmark's sizes: n random inputs N(0, I_d) and a bias-free ReLU MLP d -> width -> ... -> 1 with
/// <see cref="Depth"/> weight layers in NTK parameterization, float64 (the peer's network, torch_peer.py ntk).
/// </summary>
public sealed record NtkBenchmarkSpec(int N, int D, int Width, int Depth, NtkMethod Method, int Reps, long Seed)
{
    public void Validate()
    {
        InputException.Require(N > 0 && D > 0 && Width > 0, $"{InputField.Of(nameof(N))}, {InputField.Of(nameof(D))} and {InputField.Of(nameof(Width))} must be positive, got {N}, {D}, {Width}.");
        InputException.Require(Depth >= 1, $"{InputField.Of(nameof(Depth))} counts weight layers and must be at least 1, got {Depth}.");
        InputException.Require(Reps >= 1, $"{InputField.Of(nameof(Reps))} must be at least 1, got {Reps}.");
        MemoryBudget.Require(8.0 * ((double)N * N + (double)N * D + 3.0 * N * Width * Depth + (double)D * Width + (Depth - 1.0) * Width * Width),
            $"the NTK of {N} examples with width {Width}");
    }
}

/// <summary>What one NTK benchmark measured: the median seconds, the work, and the GEMM rate beside it.</summary>
public sealed record NtkBenchmarkResult(NtkBenchmarkSpec Spec, NtkMethod Method, long Parameters, int Threads, double Seconds,
    double Flops, double GemmGflopsPerSecond, double TraceK)
{
    public double GflopsPerSecond => Flops / Seconds / 1e9;
    /// <summary>The fraction of the GEMM rate the method reached: 1 means its matrix products ran at GEMM speed.</summary>
    public double GemmFraction => GflopsPerSecond / GemmGflopsPerSecond;
}

/// <summary>
/// Times the empirical NTK Theta(X, X) (traced) of <see cref="NtkBenchmarkSpec"/>'s network: one warm-up, then
/// <see cref="NtkBenchmarkSpec.Reps"/> timed runs, each followed by a timed GEMM (<see cref="GemmRate"/>) so that both
/// medians see the same machine load.
/// </summary>
public static class NtkBenchmark
{
    public static NtkBenchmarkResult Run(NtkBenchmarkSpec spec)
    {
        spec.Validate();
        using var net = new Mlp(spec.D, Enumerable.Repeat(spec.Width, spec.Depth - 1).ToArray(), 1, Activation.Relu,
            Parameterization.Ntk, bias: false, device: TorchRuntime.Device);
        net.Initialize(spec.Seed);
        using var g = Seeds.Generator(Seeds.Derive(spec.Seed, "data"));
        using var x = randn(spec.N, spec.D, generator: g, dtype: float64, device: TorchRuntime.Device);
        // The Jacobian method's memory guard is lifted: the benchmark compares with the peer, which stores J too.
        var options = new NtkOptions { Method = spec.Method, MaxJacobianBytes = long.MaxValue };
        using var gemm = new GemmRate();
        double traceK;                                                   // the warm-up run, whose trace is reported
        using (var kernel = EmpiricalNtk.Compute(net, x, options: options)) traceK = kernel.trace().item<double>();
        gemm.Run();
        var ntkSeconds = new List<double>();
        var gemmSeconds = new List<double>();
        for (int i = 0; i < spec.Reps; i++)
        {
            ntkSeconds.Add(Timing.Seconds(() => EmpiricalNtk.Compute(net, x, options: options).Dispose()));
            gemmSeconds.Add(Timing.Seconds(gemm.Run));
        }
        return new NtkBenchmarkResult(spec, EmpiricalNtk.Resolve(net, spec.Method), net.ParameterCount(), TorchRuntime.Threads,
            Timing.Median(ntkSeconds), 2 * NtkCost.MultiplyAdds(net, spec.N, spec.N, symmetric: true, spec.Method),
            gemm.Flops / Timing.Median(gemmSeconds) / 1e9, traceK);
    }
}

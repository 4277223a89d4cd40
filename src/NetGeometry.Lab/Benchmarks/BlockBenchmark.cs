using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Benchmarks;

/// <summary>The operators the block benchmark times.</summary>
public enum BlockWork
{
    /// <summary>The matrix-free structured NTK operator (traced) on the n inputs.</summary>
    Ntk,
    /// <summary>The loss Hessian over the n examples in batches.</summary>
    Hessian,
    /// <summary>The generalized Gauss-Newton matrix (<see cref="GaussNewton"/>) over the n examples in batches.</summary>
    GaussNewton,
}

/// <summary>
/// The block benchmark's problem: a bias-free ReLU MLP d -> width -> ... -> 1 with <see cref="Depth"/> weight layers in
/// NTK parameterization, float64, on n inputs, Gaussian N(0, I_d) (targets N(0, 1)) or the first n Fashion-MNIST
/// training images (d = 784, the class index as target); the square loss over batches of <see cref="BatchSize"/>;
/// each block size of <see cref="Blocks"/> timed over <see cref="Reps"/> block products after a warm-up.
/// </summary>
public sealed record BlockBenchmarkSpec(int N, int D, int Width, int Depth, bool FashionMnist, int BatchSize, IReadOnlyList<int> Blocks,
    IReadOnlyList<BlockWork> Operators, int Reps, long Seed)
{
    /// <summary>The weights of the network d -> width (depth - 1 times) -> 1.</summary>
    public double Parameters => Depth == 1 ? D : (double)D * Width + (Depth - 2.0) * Width * Width + Width;

    /// <summary>Throws an <see cref="InputException"/> for sizes that do not go together or do not fit the memory budget.</summary>
    public void Validate()
    {
        InputException.Require(N > 0 && D > 0 && Width > 0 && BatchSize > 0,
            $"{InputField.Of(nameof(N))}, {InputField.Of(nameof(D))}, {InputField.Of(nameof(Width))} and {InputField.Of(nameof(BatchSize))} must be positive, got {N}, {D}, {Width}, {BatchSize}.");
        InputException.Require(Depth >= 1, $"{InputField.Of(nameof(Depth))} counts weight layers and must be at least 1, got {Depth}.");
        InputException.Require(Reps >= 1, $"{InputField.Of(nameof(Reps))} must be at least 1, got {Reps}.");
        InputException.Require(Blocks.Count > 0 && Blocks.All(k => k >= 1), $"{InputField.Of(nameof(Blocks))} must be block sizes of at least 1, got [{string.Join(", ", Blocks)}].");
        InputException.Require(Operators.Count > 0, $"{InputField.Of(nameof(Operators))} names none; give ntk, hessian or ggn.");
        InputException.Require(!FashionMnist || D == 784, $"Fashion-MNIST images have 784 pixels; {InputField.Of(nameof(D))} must be 784, got {D}.");
        // The data, the NTK factors (n (d + o width (depth - 1)) numbers), a batch's activations and graph, and a few
        // copies of the largest block in parameter space.
        double rows = Math.Min(N, BatchSize), largest = Blocks.Max();
        MemoryBudget.Require(8 * ((double)N * D * 2 + (double)N * Width * (Depth - 1) * 2 + 6 * rows * Width * Depth + (4 * largest + 4) * Parameters),
            $"the block benchmark with {N} examples, width {Width} and blocks of {largest}");
    }
}

/// <summary>One row of the block benchmark: an operator at one block size.</summary>
/// <param name="Work">The operator.</param>
/// <param name="Block">k, the vectors per block product.</param>
/// <param name="Dimension">The operator's dimension.</param>
/// <param name="SecondsPerBlock">The median seconds of one block product.</param>
/// <param name="SpeedUp">Vectors per second over those at the first block size of the spec (1 by default).</param>
public sealed record BlockBenchmarkRow(BlockWork Work, int Block, long Dimension, double SecondsPerBlock, double SpeedUp)
{
    /// <summary>k / seconds per block: operator products per second.</summary>
    public double VectorsPerSecond => Block / SecondsPerBlock;
}

/// <summary>
/// Times block products A V (<see cref="ILinearOperator.ApplyBlock"/>) of <see cref="BlockBenchmarkSpec"/>'s operators for
/// each block size: one warm-up block, then the median of <see cref="BlockBenchmarkSpec.Reps"/> timed blocks of the
/// same seeded Gaussian V. Products per second at block size k against block size 1 measure what taking k vectors
/// through one pass saves.
/// </summary>
public static class BlockBenchmark
{
    /// <summary>Runs the benchmark; <paramref name="stage"/> hears each operator and block size as it starts.</summary>
    public static IReadOnlyList<BlockBenchmarkRow> Run(BlockBenchmarkSpec spec, IProgress<string>? stage = null)
    {
        spec.Validate();
        using var network = new Mlp(spec.D, Enumerable.Repeat(spec.Width, spec.Depth - 1).ToArray(), 1, Activation.Relu, Parameterization.Ntk,
            bias: false, device: TorchRuntime.Device);
        network.Initialize(spec.Seed);
        using var data = Data(spec);
        var rows = new List<BlockBenchmarkRow>();
        foreach (var work in spec.Operators)
        {
            var op = Operator(work, network, data, spec.BatchSize);
            using var owned = (IDisposable)op;
            double? first = null;
            foreach (int k in spec.Blocks)
            {
                stage?.Report($"{Name(work)}, blocks of {k}");
                double seconds = Seconds(op, k, spec.Reps, spec.Seed);
                first ??= k / seconds;
                rows.Add(new BlockBenchmarkRow(work, k, op.Dimension, seconds, k / seconds / first.Value));
            }
        }
        return rows;
    }

    /// <summary>The operator's name in the CLI and in the JSON lines: ntk, hessian, ggn.</summary>
    public static string Name(BlockWork work) => work switch
    {
        BlockWork.Ntk => "ntk",
        BlockWork.Hessian => "hessian",
        _ => "ggn",
    };

    /// <summary>The operator a name gives (<see cref="Name"/>); another name is an <see cref="InputException"/>.</summary>
    public static BlockWork Parse(string name) =>
        Enum.GetValues<BlockWork>().Cast<BlockWork?>().FirstOrDefault(w => Name(w!.Value) == name.Trim().ToLowerInvariant())
        ?? throw new InputException($"unknown operator '{name}'; the block benchmark times ntk, hessian and ggn.");

    /// <summary>The inputs and targets: Gaussian from the seed's "data" stream, or the first n Fashion-MNIST training images.</summary>
    private static Dataset Data(BlockBenchmarkSpec spec)
    {
        if (spec.FashionMnist)
        {
            using var split = FashionMnist.Load(trainCount: spec.N, testCount: 0, oneHot: false);
            return new Dataset("fashion-mnist", split.Train.Inputs.to(float64).to(TorchRuntime.Device), split.Train.Targets.to(float64).to(TorchRuntime.Device),
                "bench block: the first n Fashion-MNIST training images, the class index as target");
        }
        using var g = Seeds.Generator(Seeds.Derive(spec.Seed, "data"));
        var x = randn(new long[] { spec.N, spec.D }, generator: g, dtype: float64).to(TorchRuntime.Device);
        var y = randn(new long[] { spec.N, 1 }, generator: g, dtype: float64).to(TorchRuntime.Device);
        return new Dataset("random", x, y, "bench block: x, y ~ N(0, 1)");
    }

    private static ILinearOperator Operator(BlockWork work, INetwork network, Dataset data, int batchSize) => work switch
    {
        BlockWork.Ntk => NtkOperator.Create(network, data.Inputs, new NtkOptions { Method = NtkMethod.Structured }),
        BlockWork.Hessian => CurvatureMatrix.LossHessian.Create(network, data.Batches(batchSize), LossKind.Square),
        _ => CurvatureMatrix.GaussNewton.Create(network, data.Batches(batchSize), LossKind.Square),
    };

    /// <summary>The median seconds of one block product of k seeded Gaussian vectors, after a warm-up.</summary>
    private static double Seconds(ILinearOperator op, int k, int reps, long seed)
    {
        using var g = Seeds.Generator(Seeds.Derive(seed, "block"));
        using var block = randn(new[] { op.Dimension, k }, generator: g, dtype: op.DType).to(op.Device);
        op.ApplyBlock(block).Dispose();
        return Timing.Median(Enumerable.Range(0, reps).Select(_ => Timing.Seconds(() => op.ApplyBlock(block).Dispose())).ToList());
    }
}

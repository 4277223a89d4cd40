using System.Runtime.CompilerServices;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Engine;

/// <summary>Runs alone: its collector thread would slow every test running beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorLifetimeCollection
{
    public const string Name = "tensor lifetime";
}

[Collection(TensorLifetimeCollection.Name)]
public class TensorLifetimeTests
{
    [Fact]
    public void TensorsMadeInsideAreDisposedWhenTheWorkEndsAndOthersAreLeftAlone()
    {
        using var outside = ones(3, dtype: ScalarType.Float64);
        Tensor? inside = null;
        var sum = TensorLifetime.Hold(() =>
        {
            inside = outside.add(outside, Held(1));
            return inside.sum().item<double>();
        });
        Assert.Equal(6, sum);
        Assert.True(inside!.IsInvalid);
        Assert.False(outside.IsInvalid);
    }

    /// <summary>A chain whose intermediate products are only receivers of native calls, fully optimized so that the
    /// JIT ends their lifetimes where their handles are read. No number arguments: Scalars are held by
    /// <see cref="HeldScalars"/>, not by the scope.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Chained(Tensor b) => ones(300, 300, dtype: ScalarType.Float64).matmul(b).matmul(b).sum().item<double>();

    [Fact]
    public void ChainedTemporariesSurviveCollectionsStartedByAnotherThread()
    {
        // Without the scope this loop crashed the process or failed with libtorch errors within 2,000 rounds here
        // (TorchSharp 0.107): the collector thread finalizes the unreachable products under the running kernels.
        using var b = ones(300, 300, dtype: ScalarType.Float64);
        bool stop = false;
        var collector = new Thread(() => { while (!Volatile.Read(ref stop)) { GC.Collect(); GC.WaitForPendingFinalizers(); } });
        collector.Start();
        try
        {
            for (int round = 0; round < 300; round++)
                Assert.Equal(300.0 * 300 * 300 * 300, TensorLifetime.Hold(() => Chained(b)));
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }
    }
}

using System.Runtime.CompilerServices;
using NetGeometry.Engine;
using TorchSharp;

namespace NetGeometry.Tests.Engine;

/// <summary>In the tensor-lifetime collection: it forces full collections, which would slow tests running beside it.</summary>
[Collection(TensorLifetimeCollection.Name)]
public class HeldScalarsTests
{
    /// <summary>A Scalar made the way TorchSharp makes one of a number argument, with no reference kept.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Implicit() => new(3.0.ToScalar());

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference HeldOnly() => new(Held(3.0));

    private static void CollectAndFinalize()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Fact]
    public void AScalarNobodyHoldsIsCollectedButAHeldOneSurvives()
    {
        // The hazard: a Scalar whose only reference was an argument is finalized by the next collection.
        var implicitScalar = Implicit();
        var held = HeldOnly();
        CollectAndFinalize();
        Assert.False(implicitScalar.IsAlive);
        Assert.True(held.IsAlive);
        Assert.Equal(torch.ScalarType.Float64, ((Scalar)held.Target!).Type);
    }

    [Fact]
    public void AHeldScalarIsDisposedWhenItsThreadsRingComesRoundAndNotBefore()
    {
        var first = Held(1.5);
        for (int i = 0; i < HeldScalars.RingSize - 1; i++)
            Held(i);
        Assert.Equal(torch.ScalarType.Float64, first.Type);    // RingSize - 1 later: still valid
        Held(0);
        Assert.Throws<InvalidOperationException>(() => first.Type);   // the ring came round: disposed
    }

    [Fact]
    public void EachThreadHasItsOwnRing()
    {
        Scalar? other = null;
        var thread = new Thread(() => other = Held(2L));
        thread.Start();
        thread.Join();
        for (int i = 0; i < 2 * HeldScalars.RingSize; i++)
            Held(i);
        Assert.Equal(torch.ScalarType.Int64, other!.Type);
    }
}

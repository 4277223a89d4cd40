using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.LieGroup;

/// <summary>Traced forward passes over a data set in chunks (so that every layer's inputs never sit in memory for
/// the whole set at once), without a graph.</summary>
internal static class ForwardChunks
{
    public const int Size = 4096;

    /// <summary>Calls <paramref name="visit"/> with each chunk's trace, inside a dispose scope per chunk.</summary>
    public static void Visit(INetwork network, Tensor inputs, Action<ForwardTrace> visit)
    {
        using var _ = no_grad();
        for (long start = 0; start < inputs.shape[0]; start += Size)
        {
            using var scope = NewDisposeScope();
            var trace = new ForwardTrace();
            network.Forward(inputs.narrow(0, start, Math.Min(Size, inputs.shape[0] - start)), trace);
            visit(trace);
        }
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Tests;

public static class TensorAssert
{
    /// <summary>Same shape, same dtype, same values (bit for bit, as the same seed must give).</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        using var same = a.eq(b);
        return same.all().item<bool>();
    }
}

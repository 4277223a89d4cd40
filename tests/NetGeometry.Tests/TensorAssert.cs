using static TorchSharp.torch;

namespace NetGeometry.Tests;

public static class TensorAssert
{
    /// <summary>Same shape and every element equal (bit-for-bit for finite floats).</summary>
    public static bool Same(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();
}

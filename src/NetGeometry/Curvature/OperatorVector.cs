using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The check an operator makes on a vector before any autograd call, since a shape or dtype mismatch inside
/// libtorch's grad aborts the process instead of throwing.
/// </summary>
internal static class OperatorVector
{
    /// <summary>Throws an <see cref="ArgumentException"/> unless v is a vector of the operator's dimension and dtype.</summary>
    public static void Require(Tensor v, ILinearOperator op, string space)
    {
        if (v.dim() != 1 || v.shape[0] != op.Dimension)
            throw new ArgumentException($"a {space} vector must have shape [{op.Dimension}], got [{string.Join(", ", v.shape)}].");
        if (v.dtype != op.DType)
            throw new ArgumentException($"a {space} vector must be {op.DType}, got {v.dtype}.");
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>The skew-symmetric matrix the Cayley and exponential parameterizations start from.</summary>
internal static class SkewSymmetric
{
    /// <summary>S = A - A^T with A the strict upper triangle of R (the diagonal would cancel), as in OPT's CP.</summary>
    public static Tensor FromUpperTriangle(Tensor r)
    {
        var a = r.triu(1);
        return a.sub(a.t());
    }
}

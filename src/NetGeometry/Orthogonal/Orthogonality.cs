using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>How far a square matrix is from orthogonal.</summary>
public static class Orthogonality
{
    /// <summary>||Q Q^T - I||_F (zero exactly for an orthogonal Q; float64 round-off is about 1e-15 sqrt(D)).</summary>
    public static double Error(Tensor q)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var d = q.shape[0];
        return q.matmul(q.t()).sub_(eye(d, dtype: q.dtype, device: q.device)).norm().item<double>();
    }
}

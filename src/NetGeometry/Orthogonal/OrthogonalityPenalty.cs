using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// OR, the soft-constraint baseline of OPT (Liu et al., CVPR 2021; science/opt2021.md): Q = R unconstrained and a
/// penalty lambda ||R R^T - I||_F per layer added to the loss (the reference code uses lambda = 0.1).
/// </summary>
internal static class OrthogonalityPenalty
{
    /// <summary>
    /// d/dR of lambda ||E||_F, E = R R^T - I: 2 lambda E R / ||E||_F (E is symmetric). At an orthogonal R the norm is
    /// not differentiable; the gradient taken there is 0, a subgradient.
    /// </summary>
    public static Tensor Gradient(Tensor r, double lambda)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var e = r.matmul(r.t()).sub_(eye(r.shape[0], dtype: r.dtype, device: r.device));
        double norm = e.norm().item<double>();
        var gradient = norm == 0 ? zeros_like(r) : e.matmul(r).mul_(Held(2 * lambda / norm));
        return scope.MoveToOuter(gradient);
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// LS (Liu et al., CVPR 2021): Loewdin's symmetric orthogonalization (Loewdin 1950), the orthogonal factor of the
/// polar decomposition R = Q H: with R = U S V^T, Q = U V^T = R (R^T R)^(-1/2), the orthogonal matrix nearest to R.
/// The value comes from libtorch's SVD. Its derivative does not: autograd through U and V separately divides by
/// s_i^2 - s_j^2 and gives NaN wherever singular values repeat, e.g. at R = I where OPT starts. The polar factor's own
/// derivative is finite there: from dR = dQ H + Q dH, Omega = Q^T dQ (skew) solves Omega H + H Omega = Q^T dR - dR^T Q,
/// so with X = U^T dR V, dQ = U [(X - X^T) / (s_i + s_j)] V^T. Orthogonalize returns U V^T plus a term whose value is
/// exactly zero and whose derivative is that expression, so autograd gets the exact first derivative for any R with
/// s_i + s_j &gt; 0 (second derivatives are not the polar factor's). Q(I) = I.
/// </summary>
public sealed class Loewdin : IOrthogonalizer
{
    /// <inheritdoc />
    public OrthogonalMethod Method => OrthogonalMethod.Loewdin;

    /// <inheritdoc />
    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        Tensor u, s, vh;
        using (no_grad()) (u, s, vh) = linalg.svd(r);
        var q = u.matmul(vh);
        if (!r.requires_grad) return q;
        var x = u.t().matmul(r).matmul(vh.t());
        var omega = x.sub(x.t()).div(s.unsqueeze(1).add(s.unsqueeze(0), Held(1)));
        return q.add(u.matmul(omega.sub(omega.detach())).matmul(vh), Held(1));
    }

    /// <inheritdoc />
    public Tensor IdentityParameter(long d, ScalarType dtype, Device? device) => eye(d, dtype: dtype, device: device);
}

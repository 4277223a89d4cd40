using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// HR (Liu et al., CVPR 2021): Q = -H_1 H_2 ... H_D, a product of Householder reflections H_k = I - tau_k v_k v_k^T
/// with v_k = e_k + (R's column k below the diagonal) and tau_k = 2 / ||v_k||^2, so each H_k is an exact reflection
/// and Q is orthogonal for every R (LAPACK's representation; only R's strict lower triangle is used). The product is
/// accumulated in one piece by the UT transform (Joffrain, Low, Quintana-Orti, van de Geijn &amp; van Zee, ACM TOMS
/// 2006): H_1 ... H_D = I - V T V^T with V = [v_1 ... v_D] and T^-1 = diag(1 / tau) + (the strict upper triangle of
/// V^T V), one triangular solve and matrix products that autograd differentiates fast (libtorch's
/// householder_product gives the same Q, but its backward is sequential in D and takes minutes at D = 784). The
/// sign makes R = 0 give Q = I: each H_k(0) flips coordinate k, and their product is -I.
/// </summary>
public sealed class Householder : IOrthogonalizer
{
    /// <inheritdoc />
    public OrthogonalMethod Method => OrthogonalMethod.Householder;

    /// <inheritdoc />
    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        var identity = eye(r.shape[0], dtype: r.dtype, device: r.device);
        var v = r.tril(-1).add(identity, Held(1));
        var gram = v.t().matmul(v);
        var inverseT = gram.triu(1).add(gram.diagonal().mul(Held(0.5)).diag(), Held(1));   // 1 / tau_k = ||v_k||^2 / 2
        return v.matmul(linalg.solve_triangular(inverseT, v.t(), upper: true)).sub(identity);
    }

    /// <inheritdoc />
    public Tensor IdentityParameter(long d, ScalarType dtype, Device? device) => zeros(d, d, dtype: dtype, device: device);
}

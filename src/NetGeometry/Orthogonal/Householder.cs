using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// HR (Liu et al., CVPR 2021): Q = -H_1 H_2 ... H_D, a product of Householder reflections H_k = I - tau_k v_k v_k^T
/// with v_k = e_k + (R's column k below the diagonal) and tau_k = 2 / ||v_k||^2, so each H_k is an exact reflection
/// and Q is orthogonal for every R (LAPACK's compact representation, accumulated by libtorch's householder_product,
/// which autograd differentiates). Only R's strict lower triangle is used. The sign makes R = 0 give Q = I: each
/// H_k(0) flips coordinate k, and their product is -I.
/// </summary>
public sealed class Householder : IOrthogonalizer
{
    public OrthogonalMethod Method => OrthogonalMethod.Householder;

    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        var tails = r.tril(-1);
        var tau = tails.square().sum(dim: 0).add(1.0).reciprocal().mul(2.0);
        return linalg.householder_product(tails, tau).neg();
    }

    public Tensor IdentityParameter(long d, ScalarType dtype, Device device) => zeros(d, d, dtype: dtype, device: device);
}

using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// CP (Liu et al., CVPR 2021): the Cayley transform Q = (I + S)(I - S)^(-1) of the skew-symmetric S = A - A^T, A the
/// strict upper triangle of R. I - S is always invertible (S has imaginary eigenvalues), and the two factors commute, so
/// Q = (I - S)^(-1) (I + S) is one linear solve. Q reaches every rotation without eigenvalue -1; in 2 x 2 with
/// A_12 = a it is the rotation by theta = 2 atan(a). Q(0) = I.
/// </summary>
public sealed class Cayley : IOrthogonalizer
{
    /// <inheritdoc />
    public OrthogonalMethod Method => OrthogonalMethod.Cayley;

    /// <inheritdoc />
    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        var s = SkewSymmetric.FromUpperTriangle(r);
        var identity = eye(r.shape[0], dtype: r.dtype, device: r.device);
        return linalg.solve(identity.sub(s), identity.add(s, Held(1)));
    }

    /// <inheritdoc />
    public Tensor IdentityParameter(long d, ScalarType dtype, Device? device) => zeros(d, d, dtype: dtype, device: device);
}

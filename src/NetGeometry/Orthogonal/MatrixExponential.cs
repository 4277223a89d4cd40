using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// EXP: Q = exp(S), S = A - A^T skew-symmetric with A the strict upper triangle of R: the Lie-group parameterization
/// of the rotations SO(D) by their Lie algebra (libtorch's matrix_exp, differentiable). In 2 x 2 with A_12 = a it is
/// the rotation by theta = a. Q(0) = I.
/// </summary>
public sealed class MatrixExponential : IOrthogonalizer
{
    /// <inheritdoc />
    public OrthogonalMethod Method => OrthogonalMethod.MatrixExponential;

    /// <inheritdoc />
    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        return linalg.matrix_exp(SkewSymmetric.FromUpperTriangle(r));
    }

    /// <inheritdoc />
    public Tensor IdentityParameter(long d, ScalarType dtype, Device? device) => zeros(d, d, dtype: dtype, device: device);
}

using static TorchSharp.torch;

namespace NetGeometry.Geometry.LieGroup;

/// <summary>
/// The principal square root of a matrix (or a batch ..., n, n) with no eigenvalue on the closed negative real axis,
/// by the Denman-Beavers iteration with determinant scaling (Higham, Functions of Matrices, SIAM 2008, §6.3 and §6.5):
///   Y_0 = A, Z_0 = I;  mu_k = |det(Y_k) det(Z_k)|^(-1/(2n));
///   Y_{k+1} = (mu_k Y_k + mu_k^-1 Z_k^-1) / 2,  Z_{k+1} = (mu_k Z_k + mu_k^-1 Y_k^-1) / 2,
/// so Y_k -> A^(1/2) and Z_k -> A^(-1/2), quadratically once close. Scaling stops once ||Y_k Z_k - I||_1 &lt; 1e-2, as
/// Higham advises. The coupled form is used rather than the cheaper product form because it keeps its accuracy for
/// eigenvalues near the negative real axis (a rotation by nearly pi), where the product form's M_k = Y_k^2 A^-1
/// loses the angle to cancellation. Real input stays real. No eigenvectors are used, so defective (Jordan-block)
/// matrices are as easy as diagonalizable ones.
/// </summary>
public static class MatrixSquareRoot
{
    private const int MaxIterations = 100;
    private const double ScalingThreshold = 1e-2;

    /// <summary>The principal square root; the caller has checked the domain (see <see cref="MatrixLog.CheckDomain"/>).</summary>
    public static Tensor Principal(Tensor a)
    {
        long n = a.shape[^1];
        using var scope = NewDisposeScope();
        var identity = eye(n, dtype: a.dtype, device: a.device);
        var y = a.clone();
        var z = identity.expand(a.shape).clone();
        double tolerance = 16 * n * 2.220446049250313e-16, previous = double.PositiveInfinity;
        for (int k = 0; k < MaxIterations; k++)
        {
            double distance = MatrixLog.OneNorm(y.matmul(z).sub(identity));
            if (distance <= tolerance || (distance < 1e-6 && distance >= previous / 2)) break;  // converged, or at rounding level
            previous = distance;
            var yInverse = linalg.inv(y);
            var zInverse = linalg.inv(z);
            var mu = distance > ScalingThreshold
                ? linalg.det(y).mul(linalg.det(z)).abs().pow(Held(-1.0 / (2 * n))).unsqueeze(-1).unsqueeze(-1).to_type(a.dtype)
                : ones(1, dtype: a.dtype, device: a.device);
            var muInverse = mu.reciprocal();
            (y, z) = (y.mul(mu).add(zInverse.mul(muInverse), Held(1)).mul(Held(0.5)), z.mul(mu).add(yInverse.mul(muInverse), Held(1)).mul(Held(0.5)));
        }
        return y.MoveToOuterDisposeScope();
    }
}

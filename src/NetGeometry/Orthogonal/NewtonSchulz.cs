using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// NS: Newton-Schulz (Bjorck &amp; Bowie 1971) iterations Q_{k+1} = Q_k (3I - Q_k^T Q_k) / 2 from Q_0 = R / c, unrolled so
/// that autograd differentiates through them. They converge quadratically to the polar factor of R (the same Q as
/// <see cref="Loewdin"/>) when every singular value of Q_0 lies in (0, sqrt 3); c = sqrt(||R||_1 ||R||_inf) bounds the
/// largest singular value of R, so Q_0's lie in (0, 1] (c is treated as a constant: it does not change the limit).
/// Iteration stops once ||Q^T Q - I||_F stops decreasing (round-off) or reaches 10 eps sqrt(D), after at least one
/// iteration (which makes the derivative at an orthogonal R the polar factor's), and after <see cref="MaxIterations"/>
/// at most: a nearly singular R converges slowly (singular values grow by 3/2 per iteration while small), and a
/// singular one not at all. Q(I) = I.
/// </summary>
public sealed class NewtonSchulz : IOrthogonalizer
{
    public const int MaxIterations = 100;

    public OrthogonalMethod Method => OrthogonalMethod.NewtonSchulz;

    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        long d = r.shape[0];
        double scale, floor = 10 * (r.dtype == ScalarType.Float32 ? 1.2e-7 : 2.3e-16) * Math.Sqrt(d);
        using (no_grad())
        using (var a = r.abs())
        using (var columns = a.sum(dim: 0).max())
        using (var rows = a.sum(dim: 1).max())
            scale = Math.Sqrt(columns.item<double>() * rows.item<double>());
        var identity = eye(d, dtype: r.dtype, device: r.device);
        var q = r.div(scale);
        double previous = double.PositiveInfinity;
        for (int k = 0; k < MaxIterations; k++)
        {
            var gram = q.t().matmul(q);
            double error;
            using (no_grad())
            using (var deviation = gram.sub(identity))
                error = deviation.norm().item<double>();
            if (k > 0 && (error >= previous || error <= floor)) break;
            previous = error;
            q = q.matmul(identity.mul(3.0).sub(gram)).mul(0.5);
        }
        return q;
    }

    public Tensor IdentityParameter(long d, ScalarType dtype, Device device) => eye(d, dtype: dtype, device: device);
}

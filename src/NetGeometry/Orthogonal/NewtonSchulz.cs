using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// NS: Newton-Schulz (Bjorck &amp; Bowie 1971) iterations Q_{k+1} = Q_k (3I - Q_k^T Q_k) / 2 from Q_0 = R / c, unrolled so
/// that autograd differentiates through them. They converge quadratically to the polar factor of R (the same Q as
/// <see cref="Loewdin"/>) when every singular value of Q_0 lies in (0, sqrt 3). c = 1 when ||R^T R - I||_F &lt; 1 (then
/// every singular value of R is in (0, sqrt 2): R near orthogonal, as in training); otherwise c^2 bounds the largest
/// eigenvalue of A = R^T R from above by ||A^8||_F^(1/8) (computed as ||A||_F ||(A / ||A||_F)^8||_F^(1/8), three
/// squarings, no overflow), which is at most D^(1/16) times too large, so Q_0's largest singular value lies in
/// [D^(-1/32), 1] (c is a constant to autograd: it does not change the limit).
/// Iteration stops once ||Q^T Q - I||_F stops decreasing (round-off) or reaches 10 eps sqrt(D), after at least one
/// iteration (which makes the derivative at an orthogonal R the polar factor's), and after <see cref="MaxIterations"/>
/// at most: a nearly singular R converges slowly (singular values grow by 3/2 per iteration while small), and a
/// singular one not at all. Q(I) = I.
/// </summary>
public sealed class NewtonSchulz : IOrthogonalizer
{
    /// <summary>The most iterations one <see cref="Orthogonalize"/> runs.</summary>
    public const int MaxIterations = 100;

    /// <inheritdoc />
    public OrthogonalMethod Method => OrthogonalMethod.NewtonSchulz;

    /// <inheritdoc />
    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        long d = r.shape[0];
        double floor = 10 * (r.dtype == ScalarType.Float32 ? 1.2e-7 : 2.3e-16) * Math.Sqrt(d);
        var identity = eye(d, dtype: r.dtype, device: r.device);
        var q = r;
        var gram = q.t().matmul(q);
        double error = ErrorOf(gram, identity);
        if (!(error < 1))
        {
            q = r.div(Held(SingularValueBound(gram)));
            gram = q.t().matmul(q);
            error = ErrorOf(gram, identity);
        }
        for (int k = 1; k <= MaxIterations; k++)
        {
            q = q.matmul(identity.mul(Held(3.0)).sub(gram)).mul(Held(0.5));
            gram = q.t().matmul(q);
            double previous = error;
            error = ErrorOf(gram, identity);
            if (error >= previous || error <= floor) break;
        }
        return q;
    }

    /// <summary>||Q^T Q - I||_F from the Gram matrix, outside the graph.</summary>
    private static double ErrorOf(Tensor gram, Tensor identity)
    {
        using var _ = no_grad();
        using var deviation = gram.sub(identity);
        return deviation.norm().item<double>();
    }

    /// <summary>c &gt;= ||R||_2 with c^2 = ||(R^T R)^8||_F^(1/8) &lt;= D^(1/16) ||R||_2^2.</summary>
    private static double SingularValueBound(Tensor gram)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        double frobenius = gram.norm().item<double>();
        var power = gram.div(Held(frobenius));
        for (int k = 0; k < 3; k++) power = power.matmul(power);
        return Math.Sqrt(frobenius * Math.Pow(power.norm().item<double>(), 1.0 / 8));
    }

    /// <inheritdoc />
    public Tensor IdentityParameter(long d, ScalarType dtype, Device? device) => eye(d, dtype: dtype, device: device);
}

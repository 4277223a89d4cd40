using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Gauss quadrature rule of the spectral measure mu_v = sum_i (v . u_i)^2 delta_{lambda_i} that a unit vector v
/// sees in a symmetric A = sum_i lambda_i u_i u_i^T. After m Lanczos steps from v, with T_m = Y diag(theta) Y^T, the
/// nodes are the Ritz values theta_k and the weights tau_k = Y_1k^2 (they sum to 1), so that
/// v^T f(A) v ~ sum_k tau_k f(theta_k), exactly for polynomials f of degree up to 2m - 1 (Golub &amp; Meurant 2010,
/// "Matrices, Moments and Quadrature with Applications", Theorem 6.2; Ubaru, Chen &amp; Saad 2017, sec. 3).
/// </summary>
/// <param name="Nodes">The Ritz values theta_k, ascending.</param>
/// <param name="Weights">The weights tau_k, summing to 1.</param>
public sealed record GaussQuadrature(double[] Nodes, double[] Weights)
{
    /// <summary>
    /// Runs min(steps, Dimension) Lanczos steps from <paramref name="start"/> (normalized here), fewer if the Krylov
    /// space becomes invariant. Every new vector is re-orthogonalized twice against all earlier ones, so the rule has
    /// none of the spurious copies of converged nodes that plain Lanczos makes in floating point (Ghorbani, Krishnan
    /// &amp; Xiao 2019 do the same).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 1 step, or a start vector of another shape or dtype than the operator's.</exception>
    public static GaussQuadrature Lanczos(ILinearOperator op, Tensor start, int steps)
    {
        if (steps < 1) throw new ArgumentException($"Lanczos quadrature needs at least one step, got {steps}.");
        OperatorVector.Require(start, op, "start");
        int m = (int)Math.Min(steps, op.Dimension);
        var alpha = new List<double>();
        var beta = new List<double>();
        using var basis = new KrylovBasis(op.Dimension, op.DType, op.Device);
        var q = start.div(start.norm());
        double scale = 0;
        for (int j = 0; ; j++)
        {
            basis.Add(q);
            using var scope = NewDisposeScope();
            var w = op.Apply(q);
            scale = Math.Max(scale, w.norm().item<double>());
            alpha.Add(w.dot(q).item<double>());
            basis.Orthogonalize(w);
            double b = w.norm().item<double>();
            q.Dispose();
            if (j + 1 == m || b <= 1e-10 * scale) break;
            beta.Add(b);
            q = w.div(b).MoveToOuterDisposeScope();
        }
        using var t = Tridiagonal.Matrix(alpha, beta);
        var (values, vectors) = linalg.eigh(t);
        using (values)
        using (vectors)
        using (var first = vectors[0].square())
            return new GaussQuadrature(values.data<double>().ToArray(), first.data<double>().ToArray());
    }
}

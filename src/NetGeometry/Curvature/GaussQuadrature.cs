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
    public static GaussQuadrature Lanczos(ILinearOperator op, Tensor start, int steps) => Lanczos(op, new[] { start }, steps)[0];

    /// <summary>
    /// The rules of several start vectors, their Lanczos recurrences run side by side: at each step one block product
    /// (<see cref="ILinearOperator.ApplyBlock"/>) takes the current vector of every recurrence still running. Each
    /// recurrence is the one <see cref="Lanczos(ILinearOperator, Tensor, int)"/> runs alone, so each rule is the same
    /// to rounding; the memory is one Krylov basis (Dimension x steps) per start vector.
    /// </summary>
    internal static GaussQuadrature[] Lanczos(ILinearOperator op, IReadOnlyList<Tensor> starts, int steps)
    {
        if (steps < 1) throw new ArgumentException($"Lanczos quadrature needs at least one step, got {steps}.");
        foreach (var start in starts) OperatorVector.Require(start, op, "start");
        int m = (int)Math.Min(steps, op.Dimension);
        var recurrences = new List<Recurrence>();
        try
        {
            foreach (var start in starts) recurrences.Add(new Recurrence(op, start));
            for (int j = 0; ; j++)
            {
                var running = recurrences.Where(r => !r.Done).ToList();
                if (running.Count == 0) break;
                using var scope = NewDisposeScope();
                var block = stack(running.Select(r => r.Q).ToList(), 1);
                var products = op.ApplyBlock(block).t().contiguous();        // one row per running recurrence
                for (int i = 0; i < running.Count; i++) running[i].Step(products[i], last: j + 1 == m);
            }
            return recurrences.Select(r => r.Rule()).ToArray();
        }
        finally
        {
            foreach (var r in recurrences) r.Dispose();
        }
    }

    /// <summary>One Lanczos recurrence with full re-orthogonalization: its basis, current vector and T_m's entries.</summary>
    private sealed class Recurrence : IDisposable
    {
        private readonly KrylovBasis basis;
        private readonly List<double> alpha = new();
        private readonly List<double> beta = new();
        private double scale;

        public Recurrence(ILinearOperator op, Tensor start)
        {
            basis = new KrylovBasis(op.Dimension, op.DType, op.Device);
            using var norm = start.norm();
            Q = start.div(norm).DetachFromDisposeScope();
            basis.Add(Q);
        }

        /// <summary>q_j, the vector whose product the next step takes.</summary>
        public Tensor Q { get; private set; }

        /// <summary>Whether the recurrence has taken its last step (m steps, or an invariant Krylov space).</summary>
        public bool Done { get; private set; }

        /// <summary>
        /// One step from w = A q_j (overwritten): alpha_j = w . q_j, w orthogonalized against the basis, beta_j = ||w||,
        /// q_(j+1) = w / beta_j (Golub &amp; Meurant 2010, Algorithm 4.1, with full re-orthogonalization); the recurrence
        /// stops after the last step or when beta_j &lt;= 1e-10 max ||A q||.
        /// </summary>
        public void Step(Tensor w, bool last)
        {
            scale = Math.Max(scale, w.norm().item<double>());
            alpha.Add(w.dot(Q).item<double>());
            double b = basis.Orthogonalize(w).Norm;
            Q.Dispose();
            Done = last || b <= 1e-10 * scale;
            if (Done) return;
            beta.Add(b);
            Q = w.div(Held(b)).DetachFromDisposeScope();
            basis.Add(Q);
        }

        /// <summary>The rule of T_m: its eigenvalues and the squared first components of its eigenvectors.</summary>
        public GaussQuadrature Rule()
        {
            using var t = Tridiagonal.Matrix(alpha, beta);
            var (values, vectors) = linalg.eigh(t);
            using (values)
            using (vectors)
            using (var first = vectors[0].pow(Held(2)))
                return new GaussQuadrature(values.data<double>().ToArray(), first.data<double>().ToArray());
        }

        public void Dispose()
        {
            if (!Done) Q.Dispose();
            basis.Dispose();
        }
    }
}

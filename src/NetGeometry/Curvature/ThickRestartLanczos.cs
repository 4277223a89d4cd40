using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The thick-restart Lanczos method (Wu &amp; Simon, "Thick-restart Lanczos method for large symmetric eigenvalue
/// problems", SIAM J. Matrix Anal. Appl. 22(2), 2000): Lanczos steps in a basis of at most m vectors, each new vector
/// orthogonalized against the last two and against the whole basis (<see cref="KrylovBasis.Expand"/>) only on the first
/// step after a restart and when <see cref="OrthogonalityEstimate"/> predicts its inner products with the others would
/// pass <see cref="KrylovBasis.OrthogonalityLevel"/> (partial re-orthogonalization, Simon 1984; on the Hessian benchmark
/// the same products and values, at 1.19 times the products' time instead of 1.36, docs/benchmarks.md). When the basis is full,
/// A Q_m = Q_m T_m + beta_m q_{m+1} e_m^T; with T_m = Y diag(theta) Y^T, it restarts from l Ritz vectors x_i = Q_m y_i
/// (the wanted ones and the next ones in the wanted order) and q_{m+1}:
/// A [x_1..x_l] = [x_1..x_l] diag(theta_1..theta_l) + q_{m+1} s^T with s_i = beta_m e_m^T y_i (their section 2), so the
/// projected matrix of the new basis [x_1..x_l, q_{m+1}, ...] is diag(theta) bordered by s in row and column l + 1 (an
/// arrowhead), continued by the Lanczos tridiagonal: Lanczos steps from q_{m+1} need only the usual three-term
/// coefficients, the first step's projection on the whole basis removes the s_i x_i components. The projected matrix
/// is kept dense (at most m x m) and decomposed by LAPACK after every product: a pair (theta, Q y) has residual
/// |beta_j y_j| (the last component of y times the last beta, as in the unrestarted method), and the run stops at the
/// first product where the k wanted pairs all reach tol |theta|. A breakdown (beta = 0: the basis spans an invariant
/// subspace) continues from a random vector orthogonal to the basis, as ARPACK does, so that repeated eigenvalues are
/// found one copy per invariant subspace; as with any single-vector Krylov method, a copy the basis never reached is not
/// found once the wanted pairs have converged without it.
/// </summary>
internal static class ThickRestartLanczos
{
    /// <summary>The basis size m for k pairs: max(4 k, 20), twice ARPACK's rule of thumb ncv = max(2 k + 1, 20) (what
    /// SciPy's eigsh uses). On the Hessian benchmark (1,152,000 parameters, k = 10, tolerance 1e-6) m = 21 took 193
    /// products and m = 40 took 163 (the whole basis kept: 159), for a few more vector passes per step; on a loss
    /// Hessian of 186,240 parameters 95 at m = 21, 90 at m = 30 and m = 40, 89 at m = 60 and with the whole basis.</summary>
    public static int BasisSize(int k) => Math.Max(4 * k, 20);

    /// <summary>The bytes a run keeps (float64): the basis block of m + 1 vectors and the new block a restart fills.</summary>
    public static double BasisBytes(long dimension, int k, int? basisSize = null) =>
        8.0 * dimension * 2 * (Math.Min(dimension, basisSize ?? BasisSize(k)) + 1);

    /// <summary>The k eigenpairs at one end of the spectrum within <paramref name="limit"/> products.</summary>
    /// <param name="op">A symmetric operator.</param>
    /// <param name="k">How many pairs, 1 to Dimension.</param>
    /// <param name="end">Which end of the spectrum.</param>
    /// <param name="tolerance">The relative residual every wanted pair must reach.</param>
    /// <param name="limit">The most products.</param>
    /// <param name="seed">Seeds the start vector (and those after a breakdown).</param>
    /// <param name="progress">Told the wanted Ritz values and residuals after every product.</param>
    /// <param name="basisSize">m, by default <see cref="BasisSize"/>; raised to k + 2 and capped at Dimension.</param>
    public static EigenPairs Eigenpairs(ILinearOperator op, int k, SpectrumEnd end, double tolerance, int limit, long seed,
        IProgress<LanczosProgress>? progress, int? basisSize = null)
    {
        long n = op.Dimension;
        int m = (int)Math.Min(n, Math.Max(basisSize ?? BasisSize(k), k + 2));
        MemoryBudget.Require(BasisBytes(n, k, m), $"a thick-restart Lanczos basis of {m} vectors of {n}");
        using var basis = new KrylovBasis(n, op.DType, op.Device, m + 1);
        using var g = Seeds.Generator(Seeds.Derive(seed, "restart"));
        using (var start = Lanczos.StartVector(op, seed)) basis.Add(start);
        var t = new double[m * m];
        var orthogonality = new OrthogonalityEstimate(m + 1, n);
        int restarted = 0;      // the index of the first vector after the last restart
        double normA = 0;       // max |theta| so far, for the rounding terms of the estimate
        for (int products = 1; ; products++)
        {
            int j = basis.Count - 1, size = j + 1;
            var (alpha, beta, w, remaining) = basis.Expand(op, (a, norm) =>
            {
                // The step after a restart must project onto the kept Ritz vectors (its column of T is the arrowhead's
                // border, not only alpha and the last beta); other steps only when orthogonality is about to be lost.
                t[j * m + j] = a;
                normA = Math.Max(normA, Math.Abs(a));
                return j == restarted || orthogonality.Predict(t, m, j, norm, normA) > KrylovBasis.OrthogonalityLevel;
            });
            orthogonality.Accept(j, remaining, beta);
            using (w)
            using (var scope = NewDisposeScope())
            {
                var projected = tensor(t, new long[] { m, m }).narrow(0, 0, size).narrow(1, 0, size);
                var (values, vectors) = linalg.eigh(projected);
                var theta = values.data<double>().ToArray();
                normA = Math.Max(normA, theta.Max(Math.Abs));
                var last = vectors[size - 1].data<double>().ToArray();
                bool converged = Lanczos.Check(theta, last, beta, k, end, tolerance, products, limit, progress);
                bool invariant = beta <= 1e-14 * Math.Max(1.0, theta.Max(Math.Abs));
                if (converged || products >= limit || size == n || (invariant && !Replace(basis, w, g, orthogonality, j)))
                {
                    var pairs = Lanczos.Finish(basis, projected.contiguous(), beta, k, end, tolerance, products);
                    pairs.Vectors.MoveToOuterDisposeScope();
                    return pairs;
                }
                if (invariant) beta = 0;
                else w.div_(Held(beta));
                if (size < m)
                {
                    basis.Add(w);
                    t[j * m + j + 1] = t[(j + 1) * m + j] = beta;
                    continue;
                }
                var keep = Lanczos.Order(theta, end).Take(Kept(k, m)).ToArray();
                basis.Restart(vectors.index_select(1, tensor(keep.Select(i => (long)i).ToArray())), w);
                Array.Clear(t);
                int l = keep.Length;
                orthogonality.Reset(basis.InnerProducts(), basis.Count);
                restarted = l;
                for (int i = 0; i < l; i++)
                {
                    t[i * m + i] = theta[keep[i]];
                    t[i * m + l] = t[l * m + i] = beta * last[keep[i]];
                }
            }
        }
    }

    /// <summary>
    /// How many Ritz vectors a restart keeps, l: the k wanted plus the next half of the rest, k + (m - k) / 2, so that each
    /// cycle adds (m - k) / 2 Lanczos vectors. Wu &amp; Simon keep the Ritz vectors next to the wanted ones to damp that part
    /// of the spectrum and leave the number open; the half split took the fewest products on a loss Hessian
    /// (k = 10, m = 21, tolerance 1e-6, 186,240 parameters: 95 products, against 97 keeping a quarter of the rest, 100 an
    /// eighth, 101 three quarters; docs/benchmarks.md).
    /// </summary>
    private static int Kept(int k, int m) => Math.Min(m - 1, k + (m - k) / 2);

    /// <summary>After a breakdown: w becomes a seeded Gaussian vector orthogonalized against the basis and normalized;
    /// false (w unusable) when the basis already spans the whole space.</summary>
    private static bool Replace(KrylovBasis basis, Tensor w, Generator g, OrthogonalityEstimate orthogonality, int j)
    {
        using var r = randn(w.shape, generator: g, dtype: w.dtype, device: w.device);
        w.copy_(r);
        var (_, norm, remaining) = basis.Orthogonalize(w);
        if (norm <= 1e-8 * r.norm().item<double>()) return false;
        w.div_(Held(norm));
        orthogonality.Accept(j, remaining, norm);
        return true;
    }
}

using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>Which end of the spectrum an eigensolver looks for.</summary>
public enum SpectrumEnd
{
    /// <summary>The largest (most positive) eigenvalues, largest first.</summary>
    Largest,
    /// <summary>The smallest (most negative) eigenvalues, smallest first.</summary>
    Smallest,
    /// <summary>The eigenvalues of largest |lambda|, largest first: the dominant ones, either sign.</summary>
    LargestMagnitude,
}

/// <summary>
/// Eigenpairs of a symmetric operator: values in the order asked for (largest first for Largest, smallest first
/// for Smallest), the matching unit eigenvectors as columns (Dimension x k), each pair's relative residual
/// ||A x - theta x|| / |theta|, the number of operator products used, and whether every pair met the tolerance.
/// </summary>
/// <param name="Values">The eigenvalues (Ritz values), in the order asked for.</param>
/// <param name="Vectors">The unit eigenvectors as columns, Dimension x k.</param>
/// <param name="RelativeResiduals">||A x - theta x|| / |theta| of each pair.</param>
/// <param name="Products">The operator products used.</param>
/// <param name="Converged">Whether every pair met the tolerance (or the Krylov space became invariant).</param>
public sealed record EigenPairs(double[] Values, Tensor Vectors, double[] RelativeResiduals, int Products, bool Converged) : IDisposable
{
    /// <summary>Frees the eigenvectors.</summary>
    public void Dispose() => Vectors.Dispose();
}

/// <summary>What Lanczos reports at each convergence check: products so far, the limit, and the wanted Ritz values
/// with their relative residuals |beta_m s_m| / |theta|.</summary>
/// <param name="End">The end of the spectrum looked for.</param>
/// <param name="Products">The products so far.</param>
/// <param name="Limit">The most products the run may take.</param>
/// <param name="RitzValues">The wanted Ritz values, in the order asked for.</param>
/// <param name="RelativeResiduals">Their relative residuals |beta_m s_m| / |theta|.</param>
public sealed record LanczosProgress(SpectrumEnd End, int Products, int Limit, double[] RitzValues, double[] RelativeResiduals);

/// <summary>
/// The Lanczos iteration with full re-orthogonalization (Golub &amp; Van Loan, Matrix Computations, 4th ed.,
/// Algorithm 10.1.1, with every new vector re-orthogonalized against the whole basis, a second time when the first
/// pass cancels most of it: <see cref="KrylovBasis.Orthogonalize"/>). After m steps,
/// A Q_m = Q_m T_m + beta_m q_{m+1} e_m^T, so a Ritz pair (theta, Q_m s) of the tridiagonal T_m has residual
/// |beta_m s_m| (eq. 10.1.11 there): the iteration stops when the k wanted Ritz values all have
/// |beta_m s_m| &lt;= tol |theta|, or when the Krylov space is the whole space (then the pairs are exact).
/// The residuals come from a managed QL pass over T_m (<see cref="Tridiagonal.Eigen"/>) at each step, checked every
/// step up to 100 steps and every m/100 steps after; the basis is kept in blocks (n m numbers in all).
/// </summary>
public static class Lanczos
{
    /// <summary>The k eigenpairs of <paramref name="op"/> at one end of its spectrum.</summary>
    /// <param name="op">A symmetric operator.</param>
    /// <param name="k">How many pairs, 1 to Dimension.</param>
    /// <param name="end">Which end of the spectrum.</param>
    /// <param name="tolerance">The relative residual |beta_m s_m| / |theta| every wanted pair must reach.</param>
    /// <param name="maxProducts">The most operator products (one per step): by default max(300, 20 k), never more than Dimension.</param>
    /// <param name="seed">Seeds the Gaussian start vector.</param>
    /// <param name="progress">Told the wanted Ritz values and residuals at every convergence check.</param>
    /// <returns>The pairs, in the order <paramref name="end"/> asks for; Converged false when the products ran out first.</returns>
    /// <exception cref="ArgumentException">k is outside [1, Dimension].</exception>
    /// <exception cref="Engine.InputException">The basis of up to maxProducts vectors exceeds the memory budget (<see cref="Engine.MemoryBudget"/>).</exception>
    public static EigenPairs Eigenpairs(ILinearOperator op, int k, SpectrumEnd end, double tolerance = 1e-8,
        int? maxProducts = null, long seed = 0, IProgress<LanczosProgress>? progress = null)
    {
        if (k < 1 || k > op.Dimension) throw new ArgumentException($"k must lie in [1, {op.Dimension}], got {k}.");
        int limit = (int)Math.Min(op.Dimension, maxProducts ?? Math.Max(300, 20 * k));
        MemoryBudget.Require(BasisBytes(op.Dimension, limit), $"a Lanczos basis of up to {limit} vectors of {op.Dimension}");
        var alpha = new List<double>();
        var beta = new List<double>();
        using var basis = new KrylovBasis(op.Dimension, op.DType, op.Device);
        using var g = Seeds.Generator(seed);
        using var start = randn(new[] { op.Dimension }, generator: g, dtype: op.DType, device: op.Device);
        var q = start.div(start.norm());
        try
        {
            while (true)
            {
                basis.Add(q);
                double b;
                using (NewDisposeScope())
                {
                    var w = op.Apply(q);
                    alpha.Add(w.dot(q).item<double>());
                    basis.Orthogonalize(w);
                    b = w.norm().item<double>();
                    q.Dispose();
                    q = w.div(b).MoveToOuterDisposeScope();
                }
                int m = alpha.Count;
                bool exhausted = m >= limit || b <= 1e-14 * Math.Max(1.0, alpha.Max(Math.Abs));
                if (!exhausted && m > 100 && m % (m / 100) != 0) { beta.Add(b); continue; }
                var (values, last) = Tridiagonal.Eigen(alpha, beta);
                var wanted = Wanted(values, Math.Min(k, m), end);
                var residuals = wanted.Select(i => Math.Abs(b * last[i]) / Math.Max(Math.Abs(values[i]), double.Epsilon)).ToArray();
                progress?.Report(new LanczosProgress(end, m, limit, wanted.Select(i => values[i]).ToArray(), residuals));
                bool converged = m >= k && residuals.All(r => r <= tolerance);
                if (converged || exhausted) return Finish(basis, alpha, beta, b, k, end, tolerance);
                beta.Add(b);
            }
        }
        finally
        {
            q.Dispose();
        }
    }

    /// <summary>The bytes of the basis a run of at most <paramref name="maxProducts"/> products keeps (float64).</summary>
    public static double BasisBytes(long dimension, int maxProducts) => 8.0 * dimension * Math.Min(dimension, maxProducts);

    /// <summary>The Ritz pairs from an exact eigendecomposition of T_m (LAPACK, once), with their residuals.</summary>
    private static EigenPairs Finish(KrylovBasis basis, List<double> alpha, List<double> beta, double lastBeta, int k,
        SpectrumEnd end, double tolerance)
    {
        using var scope = NewDisposeScope();
        int m = alpha.Count;
        var t = Tridiagonal.Matrix(alpha, beta);
        var (values, vectors) = linalg.eigh(t);
        var theta = values.data<double>().ToArray();
        var wanted = Wanted(theta, Math.Min(k, m), end);
        var index = tensor(wanted.Select(i => (long)i).ToArray());
        var s = vectors.index_select(1, index);
        var residuals = vectors[m - 1].index_select(0, index).abs().mul(lastBeta).data<double>().ToArray();
        var ritzValues = wanted.Select(i => theta[i]).ToArray();
        var relative = residuals.Zip(ritzValues, (r, v) => r / Math.Max(Math.Abs(v), double.Epsilon)).ToArray();
        bool invariant = lastBeta <= 1e-14 * Math.Max(1.0, Math.Abs(ritzValues[0]));
        var ritzVectors = basis.Combine(s).MoveToOuterDisposeScope();
        return new EigenPairs(ritzValues, ritzVectors, relative, m, relative.All(r => r <= tolerance) || invariant);
    }

    /// <summary>The indices of the k wanted values, in the order asked for.</summary>
    private static int[] Wanted(double[] theta, int k, SpectrumEnd end)
    {
        var order = end switch
        {
            SpectrumEnd.Largest => Enumerable.Range(0, theta.Length).OrderByDescending(i => theta[i]),
            SpectrumEnd.Smallest => Enumerable.Range(0, theta.Length).OrderBy(i => theta[i]),
            _ => Enumerable.Range(0, theta.Length).OrderByDescending(i => Math.Abs(theta[i])),
        };
        return order.Take(k).ToArray();
    }
}

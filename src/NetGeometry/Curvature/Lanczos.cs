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

/// <summary>What an eigensolver reports at each convergence check: products so far, the limit, and the wanted Ritz
/// values with their relative residuals (|beta_m s_m| / |theta| for Lanczos).</summary>
/// <param name="End">The end of the spectrum looked for.</param>
/// <param name="Products">The products so far.</param>
/// <param name="Limit">The most products the run may take.</param>
/// <param name="RitzValues">The wanted Ritz values, in the order asked for.</param>
/// <param name="RelativeResiduals">Their relative residuals ||A x - theta x|| / |theta|.</param>
/// <param name="Method">The eigensolver: "Lanczos" or "LOBPCG" (<see cref="Lobpcg"/>).</param>
public sealed record LanczosProgress(SpectrumEnd End, int Products, int Limit, double[] RitzValues, double[] RelativeResiduals,
    string Method = "Lanczos");

/// <summary>
/// The k extreme eigenpairs of a symmetric operator by Lanczos, in one of two forms chosen by the size of the basis:
/// <list type="bullet">
/// <item>Full re-orthogonalization (Golub &amp; Van Loan, Matrix Computations, 4th ed., Algorithm 10.1.1, with every new
/// vector re-orthogonalized against the whole basis, a second time when the first pass cancels most of it:
/// <see cref="KrylovBasis.Orthogonalize"/>). After m steps, A Q_m = Q_m T_m + beta_m q_{m+1} e_m^T, so a Ritz pair
/// (theta, Q_m s) of the tridiagonal T_m has residual |beta_m s_m| (eq. 10.1.11 there). It keeps every vector (n m
/// numbers for m products) and needs the fewest products; the residuals come from a managed QL pass over T_m
/// (<see cref="Tridiagonal.Eigen"/>), checked every step up to 100 steps and every m/100 steps after.</item>
/// <item>Thick restart (Wu &amp; Simon 2000, <see cref="ThickRestartLanczos"/>): a basis of at most
/// max(4k, 20) vectors (<see cref="ThickRestartLanczos.BasisSize"/>), restarted from its best Ritz vectors when
/// full, so memory and the cost of each re-orthogonalization stay bounded however many products the run takes.</item>
/// </list>
/// The rule: full re-orthogonalization when Dimension &lt;= 100,000 (output spaces: the NTK up to a whole training set;
/// its basis, 8 n m bytes, stays under a gigabyte for 1,000 products at n = 100,000, and a product over that many
/// examples costs far more than the passes over it), or when the product limit is no larger than the thick-restart
/// basis (which would then never restart); thick restart otherwise (the parameter space of any sizeable network, where
/// one product is a few backward passes and the passes over a growing basis of million-entry vectors would cost more
/// than the products). Both stop when the k wanted Ritz values all have |residual| &lt;= tol |theta| (or when the
/// Krylov space is the whole space) and return the same <see cref="EigenPairs"/>; thick restart needs a few more
/// products (k = 10 on the Hessian benchmark: 163 against 159, docs/benchmarks.md).
/// </summary>
public static class Lanczos
{
    /// <summary>The largest dimension for which <see cref="Eigenpairs"/> keeps the whole basis.</summary>
    internal const long FullBasisDimension = 100_000;

    /// <summary>The k eigenpairs of <paramref name="op"/> at one end of its spectrum.</summary>
    /// <param name="op">A symmetric operator.</param>
    /// <param name="k">How many pairs, 1 to Dimension.</param>
    /// <param name="end">Which end of the spectrum.</param>
    /// <param name="tolerance">The relative residual ||A x - theta x|| / |theta| every wanted pair must reach.</param>
    /// <param name="maxProducts">The most operator products (one per step): by default max(300, 20 k), never more than Dimension.</param>
    /// <param name="seed">Seeds the Gaussian start vector.</param>
    /// <param name="progress">Told the wanted Ritz values and residuals at every convergence check.</param>
    /// <returns>The pairs, in the order <paramref name="end"/> asks for; Converged false when the products ran out first.</returns>
    /// <exception cref="ArgumentException">k is outside [1, Dimension].</exception>
    /// <exception cref="Engine.InputException">The basis exceeds the memory budget (<see cref="Engine.MemoryBudget"/>).</exception>
    public static EigenPairs Eigenpairs(ILinearOperator op, int k, SpectrumEnd end, double tolerance = 1e-8,
        int? maxProducts = null, long seed = 0, IProgress<LanczosProgress>? progress = null)
    {
        if (k < 1 || k > op.Dimension) throw new ArgumentException($"k must lie in [1, {op.Dimension}], got {k}.");
        int limit = Limit(op.Dimension, k, maxProducts);
        return RestartsThick(op.Dimension, k, limit)
            ? ThickRestartLanczos.Eigenpairs(op, k, end, tolerance, limit, seed, progress)
            : Full(op, k, end, tolerance, limit, seed, progress);
    }

    /// <summary>The bytes of the basis a full-reorthogonalization run of at most <paramref name="maxProducts"/> products
    /// keeps (float64): an upper bound for either method.</summary>
    public static double BasisBytes(long dimension, int maxProducts) => 8.0 * dimension * Math.Min(dimension, maxProducts);

    /// <summary>The bytes of the basis <see cref="Eigenpairs"/> keeps for k pairs within maxProducts (float64).</summary>
    internal static double BasisBytes(long dimension, int k, int? maxProducts)
    {
        int limit = Limit(dimension, k, maxProducts);
        return RestartsThick(dimension, k, limit) ? ThickRestartLanczos.BasisBytes(dimension, k) : BasisBytes(dimension, limit);
    }

    /// <summary>Whether <see cref="Eigenpairs"/> takes the thick-restart method (the rule in the class summary).</summary>
    internal static bool RestartsThick(long dimension, int k, int limit) =>
        dimension > FullBasisDimension && limit > ThickRestartLanczos.BasisSize(k);

    private static int Limit(long dimension, int k, int? maxProducts) => (int)Math.Min(dimension, maxProducts ?? Math.Max(300, 20 * k));

    /// <summary>The Lanczos iteration with full re-orthogonalization (the first method of the class summary).</summary>
    internal static EigenPairs Full(ILinearOperator op, int k, SpectrumEnd end, double tolerance, int limit, long seed,
        IProgress<LanczosProgress>? progress)
    {
        MemoryBudget.Require(BasisBytes(op.Dimension, limit), $"a Lanczos basis of up to {limit} vectors of {op.Dimension}");
        var alpha = new List<double>();
        var beta = new List<double>();
        using var basis = new KrylovBasis(op.Dimension, op.DType, op.Device);
        using (var start = StartVector(op, seed)) basis.Add(start);
        while (true)
        {
            var (a, b, w, _) = basis.Expand(op);
            using (w)
            {
                alpha.Add(a);
                int m = alpha.Count;
                bool exhausted = m >= limit || b <= 1e-14 * Math.Max(1.0, alpha.Max(Math.Abs));
                if (exhausted || m <= 100 || m % (m / 100) == 0)
                {
                    var (values, last) = Tridiagonal.Eigen(alpha, beta);
                    bool converged = Check(values, last, b, k, end, tolerance, m, limit, progress);
                    if (converged || exhausted)
                    {
                        using var t = Tridiagonal.Matrix(alpha, beta);
                        return Finish(basis, t, b, k, end, tolerance, m);
                    }
                }
                beta.Add(b);
                basis.Add(w.div_(Held(b)));
            }
        }
    }

    /// <summary>The seeded Gaussian start vector, normalized.</summary>
    internal static Tensor StartVector(ILinearOperator op, long seed)
    {
        using var g = Seeds.Generator(seed);
        using var start = randn(new[] { op.Dimension }, generator: g, dtype: op.DType, device: op.Device);
        return start.div(start.norm());
    }

    /// <summary>
    /// The convergence check both methods share: from the Ritz values theta_i of the projected matrix and the last
    /// component s_i of each unit eigenvector, the wanted pairs' relative residuals |beta s_i| / |theta_i| (Golub &amp;
    /// Van Loan eq. 10.1.11; Wu &amp; Simon 2000, section 2, after a restart), reported to <paramref name="progress"/>;
    /// true when there are k of them and all reach the tolerance.
    /// </summary>
    internal static bool Check(double[] theta, double[] last, double beta, int k, SpectrumEnd end, double tolerance,
        int products, int limit, IProgress<LanczosProgress>? progress)
    {
        var wanted = Wanted(theta, Math.Min(k, theta.Length), end);
        var residuals = wanted.Select(i => Math.Abs(beta * last[i]) / Math.Max(Math.Abs(theta[i]), double.Epsilon)).ToArray();
        progress?.Report(new LanczosProgress(end, products, limit, wanted.Select(i => theta[i]).ToArray(), residuals));
        return theta.Length >= k && residuals.All(r => r <= tolerance);
    }

    /// <summary>The Ritz pairs from an exact eigendecomposition (LAPACK, once) of the projected matrix
    /// <paramref name="t"/> = Q^T A Q, with their residuals |beta s_m| / |theta|.</summary>
    internal static EigenPairs Finish(KrylovBasis basis, Tensor t, double lastBeta, int k, SpectrumEnd end, double tolerance,
        int products)
    {
        using var scope = NewDisposeScope();
        int m = (int)t.shape[0];
        var (values, vectors) = linalg.eigh(t);
        var theta = values.data<double>().ToArray();
        var wanted = Wanted(theta, Math.Min(k, m), end);
        var index = tensor(wanted.Select(i => (long)i).ToArray());
        var s = vectors.index_select(1, index);
        var residuals = vectors[m - 1].index_select(0, index).abs().mul(Held(lastBeta)).data<double>().ToArray();
        var ritzValues = wanted.Select(i => theta[i]).ToArray();
        var relative = residuals.Zip(ritzValues, (r, v) => r / Math.Max(Math.Abs(v), double.Epsilon)).ToArray();
        bool invariant = lastBeta <= 1e-14 * Math.Max(1.0, Math.Abs(ritzValues[0]));
        var ritzVectors = basis.Combine(s).MoveToOuterDisposeScope();
        return new EigenPairs(ritzValues, ritzVectors, relative, products, relative.All(r => r <= tolerance) || invariant);
    }

    /// <summary>The indices of the k wanted values, in the order asked for (the first k of <see cref="Order"/>).</summary>
    internal static int[] Wanted(double[] theta, int k, SpectrumEnd end) => Order(theta, end).Take(k).ToArray();

    /// <summary>All indices of theta, the most wanted first.</summary>
    internal static IEnumerable<int> Order(double[] theta, SpectrumEnd end) => end switch
    {
        SpectrumEnd.Largest => Enumerable.Range(0, theta.Length).OrderByDescending(i => theta[i]),
        SpectrumEnd.Smallest => Enumerable.Range(0, theta.Length).OrderBy(i => theta[i]),
        _ => Enumerable.Range(0, theta.Length).OrderByDescending(i => Math.Abs(theta[i])),
    };
}

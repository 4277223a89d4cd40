using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// An orthonormal basis q_1..q_m of R^n kept as the rows of blocks (blockRows x n each, row-major), so that every basis
/// vector is a contiguous row: adding a vector copies only that vector, the projections on the basis are one GEMV per
/// block, and memory stays n m numbers. The full-reorthogonalization Lanczos lets it grow (blocks of 64 rows); the
/// thick-restart Lanczos keeps it in one block of m + 1 rows and shrinks it at each restart (<see cref="Restart"/>), which
/// writes the Ritz vectors into a second block: the two trade places at every restart, so no restart allocates (a new
/// 377 MB block at each of the 6 restarts of the Hessian benchmark was paged in afresh each time).
/// </summary>
internal sealed class KrylovBasis(long dimension, ScalarType dtype, Device device, int blockRows = 64) : IDisposable
{
    private readonly List<Tensor> blocks = new();
    private Tensor? spare;

    public int Count { get; private set; }

    public void Add(Tensor q)
    {
        int row = Count % blockRows;
        if (row == 0) blocks.Add(NewBlock());
        blocks[^1].select(0, row).copy_(q);
        Count++;
    }

    /// <summary>An uninitialized block, owned by the basis whatever dispose scope is open.</summary>
    private Tensor NewBlock() => empty(blockRows, dimension, dtype: dtype, device: device).DetachFromDisposeScope();

    /// <summary>The i-th basis vector, a contiguous view (not a copy).</summary>
    public Tensor Row(int i) => blocks[i / blockRows].select(0, i % blockRows);

    /// <summary>
    /// One Lanczos step from the last basis vector q_j (Golub &amp; Van Loan, Matrix Computations, 4th ed., Algorithm
    /// 10.1.1, with re-orthogonalization): w = A q_j, alpha_j = q_j^T w, w re-orthogonalized against the basis
    /// (<see cref="Orthogonalize"/>, whose <paramref name="wholeBasis"/> it is given), beta_j = ||w||. Returns alpha_j,
    /// beta_j, w, not yet normalized (the caller owns it), and what <see cref="Orthogonalize"/> left of w's projections.
    /// </summary>
    public (double Alpha, double Beta, Tensor Residual, double[]? Remaining) Expand(ILinearOperator op,
        Func<double, double, bool>? wholeBasis = null)
    {
        using var scope = NewDisposeScope();
        using var q = Row(Count - 1);
        var w = op.Apply(q);
        var (alpha, beta, remaining) = Orthogonalize(w, wholeBasis);
        return (alpha, beta, w.MoveToOuterDisposeScope(), remaining);
    }

    /// <summary>
    /// The level of orthogonality kept, eps^(3/4) (float64: 1.8e-12). Semi-orthogonality, |q_i^T q_j| &lt;= sqrt(eps),
    /// already makes the projected matrix equal A's projection on an orthonormal basis of the same space up to
    /// O(eps ||A||), so Ritz values and the residual estimates |beta s_m| are as good as with full orthogonality
    /// (Simon, "The Lanczos algorithm with partial reorthogonalization", Math. Comp. 42 (1984), section 3); the tighter
    /// level also keeps the returned Ritz vectors orthonormal to 1e-10, which sqrt(eps) does not (a cluster of ten,
    /// LanczosTests), at a few more vectors subtracted per step.
    /// </summary>
    internal static readonly double OrthogonalityLevel = Math.Pow(2, -52 * 0.75);

    /// <summary>
    /// w minus its projection on the basis; returns the coefficient of the last vector, q_m^T w (alpha in Lanczos), and
    /// ||w|| after. The last two vectors go first (in Lanczos they carry the large components alpha q_m and beta q_(m-1)
    /// of A q_m). Then one classical Gram-Schmidt pass reads the whole basis once for the coefficients c = Q w (a GEMV
    /// per block) but subtracts only the components above eps^(3/4) ||w||
    /// (<see cref="OrthogonalityLevel"/>): in Lanczos these are the first step after a thick restart (the kept Ritz
    /// vectors) and the directions of converged Ritz vectors, where orthogonality is lost (Paige 1971; Parlett &amp; Scott,
    /// Math. Comp. 33 (1979)), a few vectors, so a step reads the basis once instead of twice (the whole update only when a
    /// third of a block's coefficients are large). A second, full pass follows when the first cancelled most of what was
    /// left, ||w'|| &lt; ||w|| / sqrt 2 (Daniel, Gragg, Kaufman &amp; Stewart, Math. Comp. 30 (1976); "twice is enough":
    /// Parlett, The Symmetric Eigenvalue Problem, section 6.9). <paramref name="wholeBasis"/>, given alpha and ||w|| after
    /// the last two vectors, says whether to read the rest of the basis at all (partial re-orthogonalization,
    /// <see cref="OrthogonalityEstimate"/>); without it, always. Remaining: the projections q_i^T w the pass left, for
    /// the vectors before the last two (the small coefficients it did not subtract, 0 for the others), or null when it
    /// did not read the basis.
    /// </summary>
    public (double Alpha, double Norm, double[]? Remaining) Orthogonalize(Tensor w, Func<double, double, bool>? wholeBasis = null)
    {
        using var scope = NewDisposeScope();
        int first = Math.Max(0, Count - 2);
        Tensor? last = null;
        foreach (var rows in Rows(first, Count)) last = Project(rows, w);
        double alpha = last is null ? 0 : last[-1].item<double>();
        double before = w.norm().item<double>();
        if (wholeBasis is not null && !wholeBasis(alpha, before)) return (alpha, before, null);
        var remaining = Rows(0, first).SelectMany(rows => ProjectLarge(rows, w, OrthogonalityLevel * before)).ToArray();
        double after = w.norm().item<double>();
        if (after >= before / Math.Sqrt(2)) return (alpha, after, remaining);
        foreach (var rows in Rows(0, Count)) Project(rows, w);
        return (alpha, w.norm().item<double>(), new double[first]);
    }

    /// <summary>w -= R^T (R w) for rows R: the coefficients R w by one GEMV, the update by another, in place.</summary>
    private static Tensor Project(Tensor rows, Tensor w)
    {
        var coefficients = rows.mv(w);
        w.addmv_(rows.t(), coefficients, alpha: -1);
        return coefficients;
    }

    /// <summary>w -= c_i r_i for the rows r_i whose coefficient c = R w exceeds the threshold in magnitude: the coefficients
    /// by one GEMV, then one axpy per large coefficient, or one GEMV for the whole update when a third or more are large.
    /// Returns the coefficients left in w: the small ones, 0 for those subtracted (all, after the GEMV update).</summary>
    private static double[] ProjectLarge(Tensor rows, Tensor w, double threshold)
    {
        using var coefficients = rows.mv(w);
        var c = coefficients.data<double>().ToArray();
        var large = Enumerable.Range(0, c.Length).Where(i => Math.Abs(c[i]) > threshold).ToArray();
        if (3 * large.Length >= c.Length)
        {
            w.addmv_(rows.t(), coefficients, alpha: -1);
            return new double[c.Length];
        }
        foreach (int i in large)
        {
            using var row = rows.select(0, i);
            w.add_(row, alpha: Held(-c[i]));
            c[i] = 0;
        }
        return c;
    }

    /// <summary>The inner products q_i^T q_k of the basis vectors (Count x Count, row-major), one GEMM per pair of blocks.</summary>
    public double[] InnerProducts()
    {
        using var scope = NewDisposeScope();
        var gram = zeros(Count, Count, dtype: dtype, device: device);
        int top = 0;
        foreach (var left in Rows(0, Count))
        {
            int side = 0;
            foreach (var right in Rows(0, Count))
            {
                gram.narrow(0, top, left.shape[0]).narrow(1, side, right.shape[0]).copy_(left.matmul(right.t()));
                side += (int)right.shape[0];
            }
            top += (int)left.shape[0];
        }
        return gram.cpu().data<double>().ToArray();
    }

    /// <summary>Q^T S for coordinates S (m x k): the Ritz vectors as the columns of an n x k tensor.</summary>
    public Tensor Combine(Tensor coordinates)
    {
        var result = zeros(dimension, coordinates.shape[1], dtype: dtype, device: device);
        int start = 0;
        foreach (var rows in Rows(0, Count))
        {
            using var part = coordinates.narrow(0, start, rows.shape[0]);
            using var t = rows.t();
            result.addmm_(t, part);
            start += (int)rows.shape[0];
        }
        return result;
    }

    /// <summary>
    /// The thick restart (Wu &amp; Simon 2000, section 2): the basis becomes the Ritz vectors y_i = Q s_i for the
    /// columns of <paramref name="coordinates"/> (m x l), by one GEMM S^T Q into the spare block (the first restart
    /// allocates it), followed by the residual direction <paramref name="next"/> (a unit vector orthogonal to Q); the old
    /// first block becomes the spare.
    /// </summary>
    public void Restart(Tensor coordinates, Tensor next)
    {
        int kept = (int)coordinates.shape[1];
        var block = spare ?? NewBlock();
        using (var target = block.narrow(0, 0, kept))
        using (var st = coordinates.t())
        {
            int start = 0;
            target.zero_();
            foreach (var rows in Rows(0, Count))
            {
                using var part = st.narrow(1, start, rows.shape[0]);
                target.addmm_(part, rows);
                start += (int)rows.shape[0];
            }
        }
        spare = blocks[0];
        foreach (var b in blocks.Skip(1)) b.Dispose();
        blocks.Clear();
        blocks.Add(block);
        Count = kept;
        Add(next);
    }

    /// <summary>The rows first..end-1, as one narrowed view per block they touch.</summary>
    private IEnumerable<Tensor> Rows(int first, int end)
    {
        for (int b = first / blockRows; b < blocks.Count && b * blockRows < end; b++)
        {
            int from = Math.Max(first, b * blockRows) - b * blockRows;
            int to = Math.Min(end, (b + 1) * blockRows) - b * blockRows;
            using var rows = blocks[b].narrow(0, from, to - from);
            yield return rows;
        }
    }

    public void Dispose()
    {
        foreach (var b in blocks) b.Dispose();
        spare?.Dispose();
    }
}

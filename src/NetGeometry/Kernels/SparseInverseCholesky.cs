using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// A sparse approximate inverse T = L L^T of a positive definite kernel K (Schäfer, Katzfuss &amp; Owhadi 2021,
/// "Sparse Cholesky factorization by Kullback-Leibler minimization", SIAM J. Sci. Comput. 43(3), Theorem 2.1; the
/// Vecchia approximation of Gaussian-process statistics). In a seeded random order of the rows, column i of the lower
/// triangular L is nonzero only on s_i: i and its m nearest later rows in the kernel's own distance
/// d(i, j)^2 = K_ii + K_jj - 2 K_ij; on s_i the factor that minimizes KL(N(0, K) || N(0, (L L^T)^-1)) is
///   L[s_i, i] = K[s_i, s_i]^-1 e_1 / sqrt(e_1^T K[s_i, s_i]^-1 e_1)            (eq. 2.3 there),
/// so with every later row in s_i, L L^T is K^-1 exactly. The small end of an NTK's spectrum comes from near-duplicate
/// examples (their gradients nearly cancel), which is local in that distance: T makes the preconditioned kernel's
/// condition number small enough for <see cref="Curvature.Lobpcg"/> to find lambda_min in a few dozen products where
/// Lanczos on K alone needs thousands (docs/benchmarks.md, "lambda_min").
/// Building it reads K[i, j] for every pair i before j once, by blocks (half the flops of forming K, none of its
/// memory), and solves n positive definite systems of size m + 1 by Cholesky; it keeps n (m + 1) indices and values.
/// </summary>
internal sealed class SparseInverseCholesky : IDisposable
{
    /// <summary>The nearest later rows each column of L takes (m). On the NTK of the 784-512-512-1 ReLU MLP on 20,000
    /// Fashion-MNIST images, LOBPCG needs 509 products for lambda_min to relative residual 1e-2 with m = 80, 359 with
    /// 160 and 207 with 320 (SciPy's lobpcg on the stored kernel, same preconditioner); on 10,000, netgeo needs 94 with
    /// 320 against 244 with 80. The factor costs n (m + 1)^2 kernel entries: at 60,000 images 610 s, repaid
    /// within the run (the Ritz value 80 neighbours reached in 1,014 products, 320 reached in 347).</summary>
    public const int Neighbours = 320;

    // Blocks small enough (at most 16 MB a temporary) that the allocator reuses memory instead of mapping it afresh: with
    // 4096 columns and 16384 gathered rows the page faults took 3 to 4 times as long at n = 10,000.
    private const long ScanRows = 1024, ScanColumns = 2048, FactorRows = 4096;

    private readonly Tensor rows;    // n x (m + 1): rows[j, q] is the row of L's q-th nonzero in column j (j itself first)
    private readonly Tensor values;  // n x (m + 1): L[rows[j, q], j], 0 where column j has fewer than m later rows

    private SparseInverseCholesky(Tensor rows, Tensor values)
    {
        this.rows = rows; this.values = values;
    }

    /// <summary>The factor for <paramref name="kernel"/> with at most <paramref name="neighbours"/> later rows per
    /// column, in the order a seeded random permutation gives; <paramref name="progress"/> is told the fraction of the
    /// build's kernel entries computed so far (its cost: the n^2 / 2 pairs scanned for neighbours, then the
    /// neighbourhoods' n (m + 1)^2) after each block.</summary>
    public static SparseInverseCholesky Build(IKernelEntries kernel, int neighbours, long seed, IProgress<double>? progress = null)
    {
        using var scope = NewDisposeScope();
        long n = kernel.Dimension;
        int m = (int)Math.Min(neighbours, n - 1);
        var diagonal = kernel.Diagonal();
        var device = diagonal.device;
        Tensor order;
        using (var g = Seeds.Generator(seed)) order = randperm(n, generator: g).to(device);
        double scanned = 0.5 * n * n, perColumn = (double)(m + 1) * (m + 1), total = scanned + n * perColumn;
        var later = NearestLater(kernel, diagonal, order, m, pairs => progress?.Report(pairs * scanned / total));   // n x m positions, -1 for none
        var (rowTable, valueTable) = Factor(kernel, order, later, diagonal.dtype,                                // by position; p holds column order[p]
            columns => progress?.Report((scanned + columns * perColumn) / total));
        var rowsOut = empty_like(rowTable).index_copy_(0, order, rowTable);
        var valuesOut = empty_like(valueTable).index_copy_(0, order, valueTable);
        return new SparseInverseCholesky(rowsOut.MoveToOuterDisposeScope(), valuesOut.MoveToOuterDisposeScope());
    }

    /// <summary>T V = L (L^T V) for a vector or an n x k block.</summary>
    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        long n = rows.shape[0], s = rows.shape[1];
        var block = v.dim() == 1 ? v.unsqueeze(1) : v;
        long k = block.shape[1];
        var flat = rows.reshape(-1);
        var weights = values.unsqueeze(2);                                                  // n x s x 1
        var lt = block.index_select(0, flat).view(n, s, k).mul(weights).sum(1);            // (L^T V)_j = sum_q L[rows_jq, j] V[rows_jq]
        var result = zeros_like(block).index_add_(0, flat, weights.mul(lt.unsqueeze(1)).view(n * s, k), Held(1));
        return (v.dim() == 1 ? result.squeeze(1) : result).MoveToOuterDisposeScope();
    }

    /// <summary>For each position p of the order, the positions of its m nearest later rows (nearest first), -1 where
    /// fewer than m rows come after p: each block of rows against every later block of columns, keeping a running top m;
    /// <paramref name="pairs"/> is told the fraction of the pairs read after each block of rows.</summary>
    private static Tensor NearestLater(IKernelEntries kernel, Tensor diagonal, Tensor order, int m, Action<double> pairs)
    {
        long n = order.shape[0];
        var result = empty(n, m, dtype: ScalarType.Int64, device: order.device);
        for (long start = 0; start < n; start += ScanRows)
        {
            using var _ = NewDisposeScope();
            long b = Math.Min(ScanRows, n - start);
            var rowIndex = order.narrow(0, start, b);
            var rowDiagonal = diagonal.index_select(0, rowIndex).unsqueeze(1);
            var best = full(b, m, Held(double.PositiveInfinity), dtype: diagonal.dtype, device: order.device);
            var bestPositions = full(b, m, Held(-1L), dtype: ScalarType.Int64, device: order.device);
            for (long column = start; column < n; column += ScanColumns)
            {
                using var __ = NewDisposeScope();
                long c = Math.Min(ScanColumns, n - column);
                var columnIndex = order.narrow(0, column, c);
                var distance = kernel.Entries(rowIndex, columnIndex).mul_(Held(-2)).add_(rowDiagonal, Held(1)).add_(diagonal.index_select(0, columnIndex).unsqueeze(0), Held(1));
                if (column == start)   // only rows after each row's own position
                    distance.masked_fill_(arange(Held(0), Held(c), Held(1), device: order.device).unsqueeze(0).le(arange(Held(0), Held(b), Held(1), device: order.device).unsqueeze(1)), Held(double.PositiveInfinity));
                var positions = arange(Held(column), Held(column + c), Held(1), device: order.device).unsqueeze(0).expand(b, c);
                var (values, indices) = cat([best, distance], 1).topk(m, dim: 1, largest: false, sorted: true);
                var merged = cat([bestPositions, positions], 1).gather(1, indices);
                best = values.MoveToOuterDisposeScope();
                bestPositions = merged.masked_fill(values.isinf(), Held(-1L)).MoveToOuterDisposeScope();
            }
            result.narrow(0, start, b).copy_(bestPositions);
            double left = (double)(n - start - b) / n;
            pairs(1 - left * left);
        }
        return result;
    }

    /// <summary>Column p's kernel rows (s_p as kernel indices, p first; a missing neighbour is p itself) and L's values
    /// on them (eq. 2.3; 0 for a missing neighbour, whose row and column of K[s_p, s_p] are taken as the identity's);
    /// <paramref name="done"/> is told how many columns are factored after each block.</summary>
    private static (Tensor Rows, Tensor Values) Factor(IKernelEntries kernel, Tensor order, Tensor later, ScalarType dtype, Action<long> done)
    {
        long n = order.shape[0], s = later.shape[1] + 1;
        var positions = cat([arange(Held(0), Held(n), Held(1), device: order.device).unsqueeze(1), later], 1);          // n x s
        var present = positions.ge(Held(0));
        var sets = order.index_select(0, positions.clamp(min: Held(0)).reshape(-1)).view(n, s);
        sets = sets.where(present, sets.select(1, 0).unsqueeze(1).expand(n, s));
        var values = empty(n, s, dtype: dtype, device: order.device);
        long columns = Math.Max(1, FactorRows / s);   // the sets of a block gather at most FactorRows rows of the factors
        for (long start = 0; start < n; start += columns)
        {
            using var _ = NewDisposeScope();
            long b = Math.Min(columns, n - start);
            var mask = present.narrow(0, start, b).to(values.dtype);                            // b x s
            var pairs = mask.unsqueeze(2).mul(mask.unsqueeze(1));
            var absent = eye(s, dtype: values.dtype, device: order.device).unsqueeze(0).mul(mask.neg().add(Held(1), Held(1)).unsqueeze(1));
            var gram = kernel.Grams(sets.narrow(0, start, b)).mul_(pairs).add_(absent, Held(1));
            var first = zeros(b, s, 1, dtype: values.dtype, device: order.device);
            first.select(1, 0).fill_(Held(1.0));
            var (factor, info) = linalg.cholesky_ex(gram);
            if (info.ne(Held(0)).any().item<bool>())
                throw new InvalidOperationException("the kernel is not positive definite on a neighbourhood: no sparse inverse Cholesky factor.");
            var solution = cholesky_solve(first, factor).squeeze(2);                                  // K[s, s]^-1 e_1
            var scale = solution.select(1, 0).unsqueeze(1);
            values.narrow(0, start, b).copy_(solution.div(scale.sqrt()).mul(mask));
            done(start + b);
        }
        return (sets, values);
    }

    public void Dispose()
    {
        rows.Dispose();
        values.Dispose();
    }
}

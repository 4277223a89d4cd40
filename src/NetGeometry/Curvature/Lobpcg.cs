using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The k smallest eigenpairs of a symmetric positive definite operator A by the locally optimal block preconditioned
/// conjugate gradient method (Knyazev 2001, "Toward the optimal preconditioned eigensolver: LOBPCG", SIAM J. Sci.
/// Comput. 23(2), Algorithm 4.1): each step takes the Rayleigh-Ritz pairs of A on span{X, W, P}, with X the current
/// Ritz vectors, W = T R the preconditioned residuals R = A X - X Theta, and P the previous step's direction. Given an
/// approximate inverse T of A, it converges at a rate set by the condition number of T A rather than of A, which is what
/// the bottom of a badly conditioned kernel needs: there Lanczos' polynomials cannot separate eigenvalues 1e-8 of the
/// largest apart in any affordable number of products. The basis is orthonormalized by SVQB (Stathopoulos &amp; Wu 2002,
/// SIAM J. Sci. Comput. 23(6), Algorithm 4), which drops directions that have become dependent, so converged pairs need no
/// locking. A X and A P are carried along as the same combinations of stored products (one product per column of W per
/// step, X re-orthonormalized after each); when the carried residuals reach the tolerance, A X is recomputed from
/// scratch and the check repeated, so a converged result's residuals are of true products.
/// An optional block Y joins every Rayleigh-Ritz step (span{X, W, P, Y}, A Y computed once): given A's top
/// eigenvectors, the step removes from the Ritz vectors the top directions' content that a preconditioner fitted to the
/// bottom leaves in them, and whose residual, amplified by lambda_max, can dwarf theta long after theta has converged.
/// Unlike hard constraints (Knyazev 2001, sec. 5), Y need not be exact: the pairs are A's, whatever Y holds.
/// </summary>
public static class Lobpcg
{
    /// <summary>The k smallest eigenpairs of <paramref name="op"/>, smallest first.</summary>
    /// <param name="op">A symmetric positive definite operator of dimension greater than 3k.</param>
    /// <param name="k">How many pairs.</param>
    /// <param name="precondition">T V for an n x j block V: an approximate inverse of A, symmetric positive definite.</param>
    /// <param name="tolerance">The relative residual ||A x - theta x|| / theta every pair must reach: it bounds the
    /// distance from theta to an eigenvalue of A (Parlett, The Symmetric Eigenvalue Problem, Theorem 4.5.1).</param>
    /// <param name="maxProducts">The most operator products (k per step, k more per recheck).</param>
    /// <param name="seed">Seeds the Gaussian start block.</param>
    /// <param name="progress">Told the Ritz values and relative residuals after every step.</param>
    /// <param name="augmentation">Y, an n x q block added to every Rayleigh-Ritz basis (approximate top eigenvectors of
    /// A), or null; its q products count toward <paramref name="maxProducts"/>.</param>
    /// <exception cref="ArgumentException">k is outside [1, (Dimension - q) / 3).</exception>
    public static EigenPairs Smallest(ILinearOperator op, int k, Func<Tensor, Tensor> precondition, double tolerance,
        int maxProducts, long seed = 0, IProgress<LanczosProgress>? progress = null, Tensor? augmentation = null)
    {
        long q = augmentation?.shape[1] ?? 0;
        if (k < 1 || 3L * k >= op.Dimension - q) throw new ArgumentException($"LOBPCG needs 1 <= k < {op.Dimension - q} / 3, got k = {k}.");
        using var scope = NewDisposeScope();
        var y = augmentation is null ? null : Orthonormal(augmentation);
        var ay = y is null ? null : op.ApplyBlock(y);
        var x = Orthonormal(StartBlock(op, k, seed));
        var ax = op.ApplyBlock(x);
        int products = k + (int)q;
        Tensor? p = null, ap = null;
        while (true)
        {
            using var step = NewDisposeScope();
            var (theta, residuals, r) = Residuals(x, ax);
            progress?.Report(new LanczosProgress(SpectrumEnd.Smallest, products, maxProducts, theta, residuals, "LOBPCG"));
            if (residuals.All(e => e <= tolerance))
            {
                var fresh = op.ApplyBlock(x);   // the carried A X may have drifted: check with true products
                products += k;
                (theta, residuals, r) = Residuals(x, fresh);
                progress?.Report(new LanczosProgress(SpectrumEnd.Smallest, products, maxProducts, theta, residuals, "LOBPCG"));
                if (residuals.All(e => e <= tolerance)) return Result(x, theta, residuals, products, true);
                ax.Dispose();
                ax = fresh.MoveToOuterDisposeScope();
            }
            if (products + k > maxProducts) return Result(x, theta, residuals, products, false);
            var kept = p is null ? x : cat([x, p], 1);
            var w = Orthonormal(ProjectedOff(kept, precondition(r)));
            var aw = op.ApplyBlock(w);
            products += (int)w.shape[1];
            var s = cat(new[] { x, w, p, y }.OfType<Tensor>().ToArray(), 1);
            var aS = cat(new[] { ax, aw, ap, ay }.OfType<Tensor>().ToArray(), 1);
            var coefficients = RayleighRitz(s, aS, k);
            var direction = Direction(coefficients, k, q);
            foreach (var old in new[] { x, ax, p, ap }) old?.Dispose();
            p = s.mm(direction).MoveToOuterDisposeScope();
            ap = aS.mm(direction).MoveToOuterDisposeScope();
            var ritz = s.mm(coefficients);
            var restore = Lowdin(ritz);   // C^T S^T S C = I holds only to the rounding of a nearly dependent S
            x = ritz.mm(restore).MoveToOuterDisposeScope();
            ax = aS.mm(coefficients).mm(restore).MoveToOuterDisposeScope();
        }
    }

    /// <summary>V - Q Q^T V for Q with orthonormal columns, taken twice: twice is enough (Giraud et al. 2005).</summary>
    private static Tensor ProjectedOff(Tensor q, Tensor v)
    {
        var w = v.clone();
        for (int pass = 0; pass < 2; pass++) w.sub_(q.mm(q.t().mm(w)));
        return w;
    }

    /// <summary>The Rayleigh quotients theta_j = x_j^T A x_j, relative residuals and the residual block A X - X Theta.</summary>
    private static (double[] Theta, double[] Relative, Tensor R) Residuals(Tensor x, Tensor ax)
    {
        var thetaColumn = x.mul(ax).sum(dim: 0);
        var r = ax.sub(x.mul(thetaColumn.unsqueeze(0)));
        var theta = thetaColumn.data<double>().ToArray();
        var norms = r.pow(Held(2)).sum(dim: 0).sqrt().data<double>().ToArray();
        return (theta, norms.Zip(theta, (e, t) => e / Math.Max(Math.Abs(t), double.Epsilon)).ToArray(), r);
    }

    /// <summary>The coefficients C (columns of S) of the k smallest Ritz vectors of A on span S, with C^T S^T S C = I:
    /// an orthonormal basis S M of the span (<see cref="Orthonormalizer"/>, dependent directions dropped), then the
    /// eigenvectors of the projected matrix M^T S^T A S M.</summary>
    private static Tensor RayleighRitz(Tensor s, Tensor aS, int k)
    {
        var basis = Orthonormalizer(s);
        var projected = basis.t().mm(s.t().mm(aS)).mm(basis);
        var (_, vectors) = linalg.eigh(projected.add(projected.t(), Held(1)).mul_(Held(0.5)));
        return basis.mm(vectors.narrow(1, 0, k));
    }

    /// <summary>The coefficients Z of the next direction P = S Z: what LOBPCG's P is, the Ritz vectors' part in W and the
    /// old P (C with its first k rows, X's, and its last q, Y's, zeroed), made orthonormal and orthogonal to C in the
    /// small space. It spans with the new X what X and the classical P span, and since Z is orthonormal, A P = (A S) Z
    /// inherits no error from a nearly dependent P: the cure of Hetmaniuk &amp; Lehoucq 2006 ("Basis selection in
    /// LOBPCG", J. Comput. Phys. 218) and Duersch, Shao, Yang &amp; Gu 2018 ("A robust and efficient implementation of
    /// LOBPCG", SIAM J. Sci. Comput. 40(5), sec. 3.2) for the loss of accuracy that stalls the classical form on badly
    /// conditioned operators.</summary>
    private static Tensor Direction(Tensor coefficients, int k, long q)
    {
        var y = coefficients.clone();
        y.narrow(0, 0, k).zero_();
        y.narrow(0, y.shape[0] - q, q).zero_();
        return Orthonormal(ProjectedOff(coefficients, y));
    }

    /// <summary>(X^T X)^-1/2: X times it is the orthonormal block nearest X (Löwdin's symmetric orthonormalization), so
    /// Ritz vectors that are orthonormal up to rounding stay in their order, each nearly unchanged.</summary>
    private static Tensor Lowdin(Tensor x)
    {
        var (lambda, v) = linalg.eigh(x.t().mm(x));
        return v.div(lambda.sqrt().unsqueeze(0)).mm(v.t());
    }

    /// <summary>An orthonormal basis of the block's span: block times <see cref="Orthonormalizer"/>.</summary>
    private static Tensor Orthonormal(Tensor block) => block.mm(Orthonormalizer(block));

    /// <summary>M with (B M)^T (B M) = I spanning what B spans (SVQB: B^T B in B's scaled columns = V Lambda V^T,
    /// M = D V Lambda^-1/2, dropping directions below 1e-14 of the largest).</summary>
    private static Tensor Orthonormalizer(Tensor block)
    {
        var scale = block.pow(Held(2)).sum(dim: 0).clamp_min(Held(double.Epsilon)).rsqrt().diag();
        var (lambda, v) = linalg.eigh(scale.mm(block.t().mm(block)).mm(scale));
        var keep = lambda.gt(Held(1e-14 * lambda.max().item<double>())).nonzero().squeeze(1);
        return scale.mm(v.index_select(1, keep)).div(lambda.index_select(0, keep).sqrt().unsqueeze(0));
    }

    private static Tensor StartBlock(ILinearOperator op, int k, long seed)
    {
        using var g = Engine.Seeds.Generator(seed);
        return randn(new[] { op.Dimension, k }, generator: g, dtype: op.DType, device: op.Device);
    }

    private static EigenPairs Result(Tensor x, double[] theta, double[] residuals, int products, bool converged)
    {
        var order = Enumerable.Range(0, theta.Length).OrderBy(i => theta[i]).ToArray();
        var vectors = x.index_select(1, tensor(order.Select(i => (long)i).ToArray(), device: x.device)).DetachFromDisposeScope();
        return new EigenPairs(order.Select(i => theta[i]).ToArray(), vectors, order.Select(i => residuals[i]).ToArray(), products, converged);
    }
}

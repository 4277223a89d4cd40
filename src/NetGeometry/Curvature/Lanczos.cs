using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>Which end of the spectrum an eigensolver looks for.</summary>
public enum SpectrumEnd { Largest, Smallest, LargestMagnitude }

/// <summary>
/// Eigenpairs of a symmetric operator: values in the order asked for (largest first for Largest, smallest first
/// for Smallest), the matching unit eigenvectors as columns (Dimension x k), each pair's relative residual
/// ||A x - theta x|| / |theta|, the number of operator products used, and whether every pair met the tolerance.
/// </summary>
public sealed record EigenPairs(double[] Values, Tensor Vectors, double[] RelativeResiduals, int Products, bool Converged) : IDisposable
{
    public void Dispose() => Vectors.Dispose();
}

/// <summary>
/// The Lanczos iteration with full re-orthogonalization (Golub &amp; Van Loan, Matrix Computations, 4th ed.,
/// Algorithm 10.1.1, with every new vector re-orthogonalized twice against the whole basis). After m steps,
/// A Q_m = Q_m T_m + beta_m q_{m+1} e_m^T, so a Ritz pair (theta, Q_m s) of the tridiagonal T_m has residual
/// |beta_m s_m| (eq. 10.1.11 there): the iteration stops when the k wanted Ritz values all have
/// |beta_m s_m| &lt;= tol |theta|, or when the Krylov space is the whole space (then the pairs are exact).
/// </summary>
public static class Lanczos
{
    public static EigenPairs Eigenpairs(ILinearOperator op, int k, SpectrumEnd end, double tolerance = 1e-8,
        int? maxProducts = null, long seed = 0)
    {
        if (k < 1 || k > op.Dimension) throw new ArgumentException($"k must lie in [1, {op.Dimension}], got {k}.");
        int limit = (int)Math.Min(op.Dimension, maxProducts ?? Math.Max(300, 20 * k));
        var basis = new List<Tensor>();
        var alpha = new List<double>();
        var beta = new List<double>();
        using var g = Seeds.Generator(seed);
        var q = randn(new[] { op.Dimension }, generator: g, dtype: op.DType, device: op.Device);
        q.div_(q.norm());
        (double[] Values, Tensor S, double[] Residuals)? ritz = null;
        try
        {
            while (true)
            {
                basis.Add(q);
                using (NewDisposeScope())
                {
                    var w = op.Apply(q);
                    double a = w.dot(q).item<double>();
                    alpha.Add(a);
                    using var Q = stack(basis, 1);
                    for (int pass = 0; pass < 2; pass++)
                        w.sub_(Q.matmul(Q.t().matmul(w)));
                    double b = w.norm().item<double>();
                    ritz?.S.Dispose();
                    ritz = Ritz(alpha, beta, b, k, end);
                    bool converged = ritz.Value.Residuals.Zip(ritz.Value.Values).All(p => p.First <= tolerance * Math.Abs(p.Second));
                    bool exhausted = basis.Count >= limit || b <= 1e-14 * Math.Max(1.0, Math.Abs(ritz.Value.Values[0]));
                    if ((converged && basis.Count >= k) || exhausted)
                    {
                        var (values, s, residuals) = ritz.Value;
                        var vectors = Q.matmul(s).MoveToOuterDisposeScope();
                        var relative = residuals.Zip(values, (r, t) => r / Math.Max(Math.Abs(t), double.Epsilon)).ToArray();
                        return new EigenPairs(values, vectors, relative, basis.Count,
                            relative.All(r => r <= tolerance) || b <= 1e-14 * Math.Max(1.0, Math.Abs(values[0])));
                    }
                    beta.Add(b);
                    q = w.div(b).MoveToOuterDisposeScope();
                }
            }
        }
        finally
        {
            foreach (var v in basis) v.Dispose();
            ritz?.S.Dispose();
        }
    }

    /// <summary>The k wanted Ritz values of T_m, their coordinate vectors S (m x k), and residuals |beta_m s_m|.</summary>
    private static (double[] Values, Tensor S, double[] Residuals) Ritz(List<double> alpha, List<double> beta, double lastBeta,
        int k, SpectrumEnd end)
    {
        int m = alpha.Count;
        using var t = Tridiagonal.Matrix(alpha, beta);
        var (values, vectors) = linalg.eigh(t);
        using (values) using (vectors)
        {
            var theta = values.data<double>().ToArray();
            var order = end switch
            {
                SpectrumEnd.Largest => Enumerable.Range(0, m).OrderByDescending(i => theta[i]),
                SpectrumEnd.Smallest => Enumerable.Range(0, m).OrderBy(i => theta[i]),
                _ => Enumerable.Range(0, m).OrderByDescending(i => Math.Abs(theta[i])),
            };
            var wanted = order.Take(Math.Min(k, m)).ToArray();
            using var index = tensor(wanted.Select(i => (long)i).ToArray());
            var s = vectors.index_select(1, index).detach().clone();
            using var lastRow = vectors[m - 1].index_select(0, index);
            var residuals = lastRow.abs().mul(lastBeta).data<double>().ToArray();
            return (wanted.Select(i => theta[i]).ToArray(), s.DetachFromDisposeScope(), residuals);
        }
    }
}

/// <summary>The symmetric tridiagonal matrix T with diagonal alpha and off-diagonal beta (Lanczos coefficients).</summary>
public static class Tridiagonal
{
    public static Tensor Matrix(IReadOnlyList<double> alpha, IReadOnlyList<double> beta)
    {
        int m = alpha.Count;
        var t = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            t[i * m + i] = alpha[i];
            if (i + 1 < m)
            {
                t[i * m + i + 1] = beta[i];
                t[(i + 1) * m + i] = beta[i];
            }
        }
        return tensor(t, new long[] { m, m });
    }
}

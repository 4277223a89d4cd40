using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// A preconditioner T for a symmetric positive definite A, corrected on approximate eigenvectors U (orthonormal columns)
/// of A's largest eigenvalues Lambda:
///   T' = P T P + U Lambda^-1 U^T,   P = I - U U^T,
/// the balancing (BNN) two-level preconditioner of Tang, Nabben, Vuik &amp; Erlangga 2009 ("Comparison of two-level
/// preconditioners derived from deflation, domain decomposition and multigrid methods", J. Sci. Comput. 39, sec. 2.3.3,
/// P_BNN = (I - Q A) M (I - A Q) + Q with Q = U (U^T A U)^-1 U^T) with A U taken as U Lambda, which it is for
/// eigenvectors. T' inverts A on span U and is T elsewhere; it is symmetric positive definite for any orthonormal U and
/// positive Lambda, so inexact Ritz vectors cost convergence, never correctness. A local preconditioner
/// (<see cref="Kernels.SparseInverseCholesky"/>) misses a kernel's few large global directions, and the preconditioned
/// residuals it makes carry them: in LOBPCG's small eigenproblem their A-images, of the size of lambda_max, turn rounding
/// in the Ritz coefficients into residuals that stop falling (docs/benchmarks.md, "lambda_min").
/// </summary>
internal sealed class SpectralCorrection : IDisposable
{
    private readonly Func<Tensor, Tensor> inner;
    private readonly Tensor basis;          // U: the pairs with a positive value
    private readonly double[] reciprocals;  // their 1 / lambda

    /// <summary>T' for T (<paramref name="inner"/>, applied to n x j blocks), U (n x q, orthonormal) and Lambda; pairs
    /// whose value is not positive (a kernel of rank below q) are left out of the correction.</summary>
    public SpectralCorrection(Func<Tensor, Tensor> inner, Tensor vectors, double[] values)
    {
        var kept = Enumerable.Range(0, values.Length).Where(i => values[i] > 0).ToArray();
        using var index = tensor(kept.Select(i => (long)i).ToArray(), device: vectors.device);
        this.inner = inner;
        basis = vectors.index_select(1, index);
        reciprocals = kept.Select(i => 1 / values[i]).ToArray();
    }

    /// <summary>T' V for an n x j block V or a vector.</summary>
    public Tensor Apply(Tensor block)
    {
        using var scope = NewDisposeScope();
        var inverse = tensor(reciprocals, dtype: basis.dtype, device: basis.device).unsqueeze(1);
        var v = block.dim() == 1 ? block.unsqueeze(1) : block;
        var coefficients = basis.t().mm(v);                                   // U^T V
        var projected = inner(v.sub(basis.mm(coefficients)));                 // T P V
        projected.sub_(basis.mm(basis.t().mm(projected)));                   // P T P V
        var result = projected.add_(basis.mm(coefficients.mul(inverse)), Held(1));
        return (block.dim() == 1 ? result.squeeze(1) : result).MoveToOuterDisposeScope();
    }

    public void Dispose() => basis.Dispose();
}

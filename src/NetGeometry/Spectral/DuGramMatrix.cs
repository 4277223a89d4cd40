using static TorchSharp.torch;

namespace NetGeometry.Spectral;

/// <summary>
/// The Gram matrices of Du, Zhai, Poczos &amp; Singh (ICLR 2019, Sec. 3) for f = m^-1/2 sum_r a_r relu(w_r . x) with a
/// fixed: H(W)_ij = (x_i . x_j / m) sum_r 1{w_r . x_i &gt;= 0, w_r . x_j &gt;= 0} at finite width, and its limit
/// H-inf_ij = kappa(x_i . x_j) for unit inputs (<see cref="ZonalKernels.Du"/>). Under gradient descent on the mean
/// square loss 1/(2n) sum (f - y)^2 with step eta, the residual evolves as r(k+1) ~ (I - eta H/n) r(k).
/// </summary>
public static class DuGramMatrix
{
    /// <summary>H(W) = (X X^T) o (A A^T) / m with A = 1{X W^T &gt;= 0} (n x m), for inputs X (n x d) and hidden
    /// weights W (m x d).</summary>
    public static Tensor Finite(Tensor x, Tensor hiddenWeight)
    {
        if (x.dim() != 2 || hiddenWeight.dim() != 2 || x.shape[1] != hiddenWeight.shape[1])
            throw new ArgumentException($"inputs [{string.Join(", ", x.shape)}] and hidden weights [{string.Join(", ", hiddenWeight.shape)}] must be n x d and m x d.");
        using var scope = NewDisposeScope();
        var active = x.matmul(hiddenWeight.detach().t()).ge(0).to_type(x.dtype);
        return x.matmul(x.t()).mul_(active.matmul(active.t())).div_(hiddenWeight.shape[0]).MoveToOuterDisposeScope();
    }

    /// <summary>H-inf for unit-norm inputs: kappa(X X^T) with kappa(t) = t (pi - arccos t) / (2 pi).</summary>
    public static Tensor Infinite(Tensor x) => ZonalKernels.Du.Gram(x);
}

using static TorchSharp.torch;

namespace NetGeometry.Kernels.InfiniteWidth;

/// <summary>
/// Du, Zhai, Poczos &amp; Singh (ICLR 2019), the Gram matrix of the two-layer ReLU network with the first layer trained
/// and the output signs fixed, f(x) = m^(-1/2) sum_r a_r relu(w_r . x), in its infinite-width limit (their eq. 4 /
/// Assumption 3.1): H-inf_ij = E_{w ~ N(0, I)}[x_i . x_j 1{w . x_i &gt;= 0, w . x_j &gt;= 0}]
///                          = x_i . x_j (pi - arccos(cos theta_ij)) / (2 pi),
/// theta_ij the angle between x_i and x_j (for unit inputs cos theta_ij = x_i . x_j, and the diagonal is 1/2).
/// Its smallest eigenvalue is Du et al.'s lambda_0, positive when no two inputs are parallel (their Theorem 3.1).
/// At finite width the Gram matrix is H(W)_ij = (x_i . x_j / m) sum_r 1{w_r . x_i &gt;= 0, w_r . x_j &gt;= 0} (their
/// Sec. 3): under gradient descent on 1/(2n) sum (f - y)^2 with step eta the residual evolves as r(k+1) ~ (I - eta H/n) r(k).
/// </summary>
public static class DuGram
{
    /// <summary>H-inf between rows of X1 and rows of X2 (X1 when null), float64.</summary>
    public static Tensor HInfinity(Tensor x1, Tensor? x2 = null)
    {
        // The network has hidden multiplier 1 (sigma_w,1^2 = d, so Sigma_1 = x . x') and output multiplier m^(-1/2)
        // (sigma_w,2^2 = 1): H-inf = Sigma_1 E[relu'(u) relu'(v)], its NTK with only the first layer trained.
        var layers = new[] { new LimitLayer(WeightVariance: x1.shape[^1], BiasVariance: 0, Trained: true), new LimitLayer(1, 0, Trained: false) };
        using var kernels = MlpLimitKernels.Compute(layers, Networks.Activation.Relu, x1, x2);
        return kernels.Ntk.clone();
    }

    /// <summary>H(W) = (X X^T) o (A A^T) / m with A = 1{X W^T &gt;= 0} (n x m), for inputs X (n x d) and hidden
    /// weights W (m x d).</summary>
    public static Tensor Finite(Tensor x, Tensor hiddenWeight)
    {
        if (x.dim() != 2 || hiddenWeight.dim() != 2 || x.shape[1] != hiddenWeight.shape[1])
            throw new ArgumentException($"inputs [{string.Join(", ", x.shape)}] and hidden weights [{string.Join(", ", hiddenWeight.shape)}] must be n x d and m x d.");
        using var scope = NewDisposeScope();
        var active = x.matmul(hiddenWeight.detach().t()).ge(Held(0)).to_type(x.dtype);
        return x.matmul(x.t()).mul_(active.matmul(active.t())).div_(Held(hiddenWeight.shape[0])).MoveToOuterDisposeScope();
    }
}

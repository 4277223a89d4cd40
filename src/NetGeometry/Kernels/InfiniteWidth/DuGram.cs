using static TorchSharp.torch;

namespace NetGeometry.Kernels.InfiniteWidth;

/// <summary>
/// Du, Zhai, Poczos &amp; Singh (ICLR 2019), the Gram matrix of the two-layer ReLU network with the first layer trained
/// and the output signs fixed, f(x) = m^(-1/2) sum_r a_r relu(w_r . x), in its infinite-width limit (their eq. 4 /
/// Assumption 3.1): H-inf_ij = E_{w ~ N(0, I)}[x_i . x_j 1{w . x_i &gt;= 0, w . x_j &gt;= 0}]
///                          = x_i . x_j (pi - arccos(cos theta_ij)) / (2 pi),
/// theta_ij the angle between x_i and x_j (for unit inputs cos theta_ij = x_i . x_j, and the diagonal is 1/2).
/// Its smallest eigenvalue is Du et al.'s lambda_0, positive when no two inputs are parallel (their Theorem 3.1).
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
}

using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels.InfiniteWidth;

/// <summary>The infinite-width kernels of a network: its NNGP (output covariance at init) and its NTK, per output.</summary>
/// <param name="Nngp">Sigma_L between the two input sets (n1 x n2, float64).</param>
/// <param name="Ntk">Theta_L between the two input sets (n1 x n2, float64).</param>
public sealed record LimitKernels(Tensor Nngp, Tensor Ntk) : IDisposable
{
    /// <summary>Frees both kernels.</summary>
    public void Dispose()
    {
        Nngp.Dispose();
        Ntk.Dispose();
    }
}

/// <summary>
/// The NNGP and NTK of an MLP x -> z_1 -> phi -> z_2 -> ... -> z_L (linear output) as every hidden width goes to
/// infinity, by the recursion of Jacot et al. 2018 (Theorem 1) and Arora et al. 2019 (eq. 4-6), written for exactly
/// the layers NetGeometry builds (z_l = m_W,l u W_l^T + m_b,l b_l, W, b ~ N(0, 1), NTK parameterization):
///   Sigma_1(x, x')       = sigma_w,1^2 x . x' / d + beta_1^2
///   Sigma_{l+1}(x, x')   = sigma_w,l+1^2 E[phi(u) phi(v)] + beta_{l+1}^2,  (u, v) ~ N(0, Sigma_l restricted to x, x')
///   Sigmadot_{l+1}(x, x') = sigma_w,l+1^2 E[phi'(u) phi'(v)]
///   Theta_1 = [layer 1 trained] Sigma_1,   Theta_{l+1} = Theta_l Sigmadot_{l+1} + [layer l+1 trained] Sigma_{l+1},
/// with sigma_w,l^2 = m_W,l^2 fan_in_l and beta_l^2 = m_b,l^2 (0 without bias). The NNGP is Sigma_L and the NTK is
/// Theta_L, for each output (outputs are independent in the limit). With sigma_w = 1 and ReLU there is no factor 2:
/// the diagonal halves at each layer, exactly as in our network and the peer's.
/// </summary>
public static class MlpLimitKernels
{
    /// <summary>The kernels between rows of X1 (n1 x d) and of X2 (n2 x d; X1 when null), in float64.</summary>
    /// <exception cref="ArgumentException">No layers, an activation without closed form, or inputs that are not n x d
    /// matrices of one d.</exception>
    public static LimitKernels Compute(IReadOnlyList<LimitLayer> layers, Activation activation, Tensor x1, Tensor? x2 = null)
    {
        if (layers.Count == 0) throw new ArgumentException("an MLP has at least one layer.");
        if (!GaussianExpectations.Supported.Contains(activation))
            throw new ArgumentException($"no closed-form limit kernel for {activation}; supported: {string.Join(", ", GaussianExpectations.Supported)}.");
        if (x1.dim() != 2 || (x2 is not null && (x2.dim() != 2 || x2.shape[1] != x1.shape[1])))
            throw new ArgumentException($"inputs must be n x d matrices of the same d, got [{string.Join(", ", x1.shape)}] and [{string.Join(", ", x2?.shape ?? Array.Empty<long>())}].");
        using var scope = NewDisposeScope();
        var a = x1.to(float64);
        var b = x2 is null ? a : x2.to(float64);
        var first = layers[0];
        double inputScale = first.WeightVariance / a.shape[1];                  // sigma_w,1^2 / d = m_W,1^2
        // Sigma_1 on the cross pairs and on each side's diagonal.
        var sigma = a.mm(b.t()).mul_(Held(inputScale)).add_(Held(first.BiasVariance), Held(1));
        var diagA = a.mul(a).sum(1).mul_(Held(inputScale)).add_(Held(first.BiasVariance), Held(1));
        var diagB = b.mul(b).sum(1).mul_(Held(inputScale)).add_(Held(first.BiasVariance), Held(1));
        var theta = first.Trained ? sigma.clone() : zeros_like(sigma);
        foreach (var layer in layers.Skip(1))
        {
            var (value, derivative) = GaussianExpectations.Cross(activation, sigma, diagA, diagB);
            theta.mul_(derivative.mul_(Held(layer.WeightVariance)));
            sigma = value.mul_(Held(layer.WeightVariance)).add_(Held(layer.BiasVariance), Held(1));
            if (layer.Trained) theta.add_(sigma, Held(1));
            diagA = GaussianExpectations.Diagonal(activation, diagA).Value.mul_(Held(layer.WeightVariance)).add_(Held(layer.BiasVariance), Held(1));
            diagB = GaussianExpectations.Diagonal(activation, diagB).Value.mul_(Held(layer.WeightVariance)).add_(Held(layer.BiasVariance), Held(1));
        }
        return new LimitKernels(sigma.MoveToOuterDisposeScope(), theta.MoveToOuterDisposeScope());
    }
}

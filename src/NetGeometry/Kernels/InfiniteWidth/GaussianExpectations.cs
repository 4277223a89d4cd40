using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels.InfiniteWidth;

/// <summary>
/// E[phi(u) phi(v)] and E[phi'(u) phi'(v)] for a centred Gaussian pair (u, v) with variances a, b and covariance c:
/// the two maps of the NNGP/NTK recursion. For ReLU they are the arc-cosine kernels of degree 1 and 0 (Cho &amp; Saul
/// 2009, eq. 6; Arora et al. 2019, eq. 4-5), with cos(theta) = c / sqrt(a b):
///   E[relu(u) relu(v)] = sqrt(a b) (sin theta + (pi - theta) cos theta) / (2 pi),
///   E[1{u &gt; 0} 1{v &gt; 0}] = (pi - theta) / (2 pi);
/// on the diagonal (u = v) they are a / 2 and 1 / 2. For the identity they are c and 1. No factor 2 is folded in:
/// the weight variance of the next layer multiplies them (ntk-computation.md writes the He-normalized form, sigma_w^2 = 2).
/// </summary>
internal static class GaussianExpectations
{
    public static readonly Activation[] Supported = { Activation.Relu, Activation.Identity };

    /// <summary>(E[phi(u) phi(v)], E[phi'(u) phi'(v)]) for covariances c (n1 x n2) and variances a (n1), b (n2).</summary>
    public static (Tensor Value, Tensor Derivative) Cross(Activation activation, Tensor c, Tensor a, Tensor b)
    {
        if (activation == Activation.Identity) return (c.clone(), ones_like(c));
        Require(activation);
        using var scale = a.unsqueeze(1).mul(b.unsqueeze(0)).sqrt_();
        // Where a variance is 0 (a zero input without bias), u or v is 0: both expectations are 0 (relu(0) = relu'(0) = 0).
        using var cosine = c.div(scale.clamp_min(Held(double.Epsilon))).clamp_(Held(-1), Held(1));
        using var theta = cosine.acos();
        using var sine = theta.sin();
        using var rest = theta.neg().add_(Held(Math.PI), Held(1));                                  // pi - theta
        var value = sine.add(rest.mul(cosine), Held(1)).mul_(scale).div_(Held(2 * Math.PI));
        var derivative = rest.div(Held(2 * Math.PI)).mul_(scale.gt(Held(0)));
        return (value, derivative);
    }

    /// <summary>(E[phi(u)^2], E[phi'(u)^2]) for variances a.</summary>
    public static (Tensor Value, Tensor Derivative) Diagonal(Activation activation, Tensor a)
    {
        if (activation == Activation.Identity) return (a.clone(), ones_like(a));
        Require(activation);
        return (a.div(Held(2)), a.gt(Held(0)).to(a.dtype).div_(Held(2)));
    }

    private static void Require(Activation activation)
    {
        if (activation != Activation.Relu)
            throw new ArgumentException($"no closed-form Gaussian expectations for {activation}; supported: {string.Join(", ", Supported)}.");
    }
}

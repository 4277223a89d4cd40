using static TorchSharp.torch;

namespace NetGeometry.Geometry.Matching;

/// <summary>
/// The Gaussian reproducing kernel of landmark LDDMM, K(x, y) = exp(-|x - y|^2 / (2 s^2)) times the identity of R^2
/// (Joshi &amp; Miller 2000; Beg, Miller, Trouve &amp; Younes, IJCV 2005): the kernel of the space V of velocity fields, and
/// the cometric of landmark space. Points are float64 tensors [B, N, 2]: a batch of B configurations of N points.
/// </summary>
internal sealed record GaussianKernel(double Scale)
{
    /// <summary>K(x_i, y_j) for each batch entry: [B, N, M] from x [B, N, 2] and y [B, M, 2].</summary>
    public Tensor Matrix(Tensor x, Tensor y) => SquaredDistances(x, y).div(Held(-2 * Scale * Scale)).exp();

    /// <summary>|x_i - y_j|^2, [B, N, M].</summary>
    public static Tensor SquaredDistances(Tensor x, Tensor y) => x.unsqueeze(2).sub(y.unsqueeze(1)).pow(Held(2)).sum(new long[] { -1 });

    /// <summary>The velocity field v(x) = sum_j K(x, q_j) p_j at the points x [B, M, 2] (Beg et al. 2005; Miller,
    /// Trouve &amp; Younes 2006, the momentum representation of the landmark geodesic's velocity).</summary>
    public Tensor Velocity(Tensor x, Tensor q, Tensor p) => Matrix(x, q).matmul(p);
}

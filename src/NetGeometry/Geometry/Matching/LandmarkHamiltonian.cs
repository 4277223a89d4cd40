using static TorchSharp.torch;

namespace NetGeometry.Geometry.Matching;

/// <summary>
/// The Hamiltonian of landmark LDDMM, H(q, p) = 1/2 sum_ij K(q_i, q_j) p_i . p_j, and its equations of motion
/// (Miller, Trouve &amp; Younes, "Geodesic shooting for computational anatomy", J. Math. Imaging Vis. 2006, eq. 3.6;
/// image-matching.md): dq_i/dt = dH/dp_i = sum_j K(q_i, q_j) p_j and, for the Gaussian kernel,
/// dp_i/dt = -dH/dq_i = sum_j (p_i . p_j) K(q_i, q_j) (q_i - q_j) / s^2. Batches [B, N, 2].
/// </summary>
internal sealed record LandmarkHamiltonian(GaussianKernel Kernel)
{
    /// <summary>H(q, p) for each batch entry, [B].</summary>
    public Tensor Value(Tensor q, Tensor p) => Kernel.Matrix(q, q).mul(p.matmul(p.mT)).sum(new long[] { 1, 2 }).mul(Held(0.5));

    /// <summary>(dq/dt, dp/dt) at (q, p).</summary>
    public (Tensor Dq, Tensor Dp) Derivatives(Tensor q, Tensor p)
    {
        var k = Kernel.Matrix(q, q);
        var dq = k.matmul(p);
        // W_ij = (p_i . p_j) K_ij / s^2; dp_i = sum_j W_ij (q_i - q_j) = (sum_j W_ij) q_i - (W q)_i.
        var w = p.matmul(p.mT).mul(k).div(Held(Kernel.Scale * Kernel.Scale));
        var dp = w.sum(new long[] { -1 }, keepdim: true).mul(q).sub(w.matmul(q));
        return (dq, dp);
    }

    /// <summary>The geodesic's energy, its squared length in V: E = integral |v_t|_V^2 dt = 2 H = p0^T K(q0) p0
    /// (Beg et al. 2005, eq. 9 with the momentum representation), [B].</summary>
    public Tensor Energy(Tensor q0, Tensor p0) => Value(q0, p0).mul(Held(2));
}

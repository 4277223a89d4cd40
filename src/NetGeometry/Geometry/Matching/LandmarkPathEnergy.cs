using static TorchSharp.torch;

namespace NetGeometry.Geometry.Matching;

/// <summary>
/// The energy of a discrete landmark path q_0, ..., q_L (t_l = l h, h = 1 / L) in the Riemannian metric of landmark
/// space, g_q(u, u) = u^T K(q)^-1 u (the kernel is the cometric; Younes, Shapes and Diffeomorphisms, 2010, ch. 12;
/// image-matching.md): E = sum_l (1/h) (q_(l+1) - q_l)^T K(m_l)^-1 (q_(l+1) - q_l), the metric taken at the midpoint
/// m_l = (q_l + q_(l+1)) / 2 (second order in h). The geodesic between the path's ends minimizes the continuous energy,
/// whose value is p0^T K(q0) p0, so a path with the same ends has E &gt;= that up to the discretization. The same sum on
/// a residual network's layer path q_l = x_l(source) is the network's kinetic energy in the metric of LDDMM.
/// </summary>
internal static class LandmarkPathEnergy
{
    /// <summary>The per-step terms (1/h) dq^T K(m)^-1 dq of the path (each [N, 2]), L values.</summary>
    public static double[] Steps(GaussianKernel kernel, IReadOnlyList<Tensor> path)
    {
        using var scope = NewDisposeScope();
        int layers = path.Count - 1;
        var terms = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            var dq = path[l + 1].sub(path[l]);
            var mid = path[l + 1].add(path[l], Held(1)).div(Held(2)).unsqueeze(0);
            var k = kernel.Matrix(mid, mid)[0];
            // K^-1 dq by Cholesky: K is symmetric positive definite for distinct points.
            var solved = linalg.cholesky_ex(k) is var (factor, info) && info.item<int>() == 0
                ? cholesky_solve(dq, factor)
                : linalg.lstsq(k, dq).Solution;
            terms[l] = dq.mul(solved).sum().item<double>() * layers;
        }
        return terms;
    }

    /// <summary>The whole energy, the sum of <see cref="Steps"/>.</summary>
    public static double Of(GaussianKernel kernel, IReadOnlyList<Tensor> path) => Steps(kernel, path).Sum();
}

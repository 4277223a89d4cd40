using static TorchSharp.torch;

namespace NetGeometry.Geometry.Matching;

/// <summary>
/// A regular grid of Side x Side nodes on [Low, High]^2, and the Jacobian determinant of a map of the plane sampled on
/// it: a map phi is a diffeomorphism of the region only if det D phi &gt; 0 everywhere on it (the flows of LDDMM are,
/// Beg et al. 2005; a residual step x + h v(x) is one while h Lip(v) &lt; 1, Rousseau, Drumetz &amp; Fablet 2020, sec. 3).
/// det D phi is taken by central differences at the interior nodes from the images of their neighbours.
/// </summary>
internal sealed record GridJacobian(int Side, double Low, double High)
{
    /// <summary>The nodes, row by row ([Side * Side, 2]; along a row the first coordinate grows).</summary>
    public Tensor Nodes()
    {
        var axis = linspace(Low, High, Side, dtype: ScalarType.Float64);
        var mesh = meshgrid([axis, axis], indexing: "ij");
        return stack([mesh[1].flatten(), mesh[0].flatten()], 1);
    }

    /// <summary>det D phi at the interior nodes, [(Side - 2)^2], from the images [Side * Side, 2] of <see cref="Nodes"/>.</summary>
    public Tensor Determinants(Tensor images)
    {
        var phi = images.reshape(Side, Side, 2);
        double twoSpacings = 2 * (High - Low) / (Side - 1);
        var du = phi[1..^1, 2.., ..].sub(phi[1..^1, ..^2, ..]).div(Held(twoSpacings));
        var dv = phi[2.., 1..^1, ..].sub(phi[..^2, 1..^1, ..]).div(Held(twoSpacings));
        return du[.., .., 0].mul(dv[.., .., 1]).sub(du[.., .., 1].mul(dv[.., .., 0])).flatten();
    }
}

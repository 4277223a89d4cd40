using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Geometry;

/// <summary>
/// A penalty metric on a Lie algebra written in an orthonormal basis: ||H||_G^2 = ||P(H)||^2 + q^2 ||Q(H)||^2, where
/// P keeps the "cheap" coordinates, Q = 1 - P the others, q &gt;= 1 (Nielsen, Dowling, Gu &amp; Doherty, Science 311,
/// 1133 (2006): F(H)^2 = sum' h_sigma^2 + p^2 sum'' h_sigma^2 over one- and two-body versus all other Pauli terms;
/// Dong &amp; Zhou's complexity of a network's layers uses the same form). As an inner product &lt;H, J&gt; = &lt;H, G(J)&gt;
/// with G diagonal: weight 1 on cheap coordinates, q^2 on the others. q = 1 gives the plain (bi-invariant) norm.
/// The coordinates are the trailing dimensions of <see cref="Cheap"/>'s shape; anything before them is a batch.
/// </summary>
public sealed class PenaltyMetric : IDisposable
{
    /// <summary>The metric with weight 1 where <paramref name="cheap"/> is true and q^2 elsewhere.</summary>
    /// <param name="cheap">The mask of cheap coordinates (bool, copied); its shape is the coordinates' shape.</param>
    /// <param name="q">The penalty on the other coordinates, a finite number &gt;= 1.</param>
    /// <exception cref="InputException">q is not a finite number &gt;= 1.</exception>
    /// <exception cref="ArgumentException">The mask is not a bool tensor.</exception>
    public PenaltyMetric(Tensor cheap, double q)
    {
        InputException.Require(double.IsFinite(q) && q >= 1, $"the penalty q must be a number >= 1, got {q}.");
        if (cheap.dtype != ScalarType.Bool) throw new ArgumentException("the cheap mask must be a bool tensor.");
        Q = q;
        Cheap = cheap.clone();
        using var cheapIndicator = Cheap.to_type(ScalarType.Float64);
        Weights = cheapIndicator.mul(Held(1 - q * q)).add(Held(q * q), Held(1));
    }

    /// <summary>q &gt;= 1, the factor on the norm of the expensive part Q(H).</summary>
    public double Q { get; }

    /// <summary>True on the cheap coordinates.</summary>
    public Tensor Cheap { get; }

    /// <summary>G as a diagonal: 1 on cheap coordinates, q^2 on the others.</summary>
    public Tensor Weights { get; }

    /// <summary>G(H): the momentum L = G(H) of a velocity H (Nielsen et al. 2006).</summary>
    public Tensor Lower(Tensor h) => h.mul(Weights);

    /// <summary>G^-1(L): the velocity of a momentum.</summary>
    public Tensor Raise(Tensor l) => l.div(Weights);

    /// <summary>||H||_G^2 for each element of a batch (the coordinates' dimensions are summed).</summary>
    public Tensor SquaredNorms(Tensor h)
    {
        using var weighted = h.pow(Held(2)).mul(Weights);
        return weighted.sum(Enumerable.Range(0, (int)Weights.dim()).Select(i => (long)(-1 - i)).ToArray());
    }

    /// <summary>||H||_G of one element.</summary>
    public double Norm(Tensor h)
    {
        using var squared = SquaredNorms(h);
        return Math.Sqrt(squared.sum().item<double>());
    }

    /// <summary>The metric on n x n matrices whose cheap part is the band |i - j| &lt;= halfWidth (a layer's local couplings).</summary>
    /// <exception cref="InputException">halfWidth is negative or q is not a finite number &gt;= 1.</exception>
    public static PenaltyMetric Band(long n, int halfWidth, double q)
    {
        InputException.Require(halfWidth >= 0, $"the band half-width must be 0 or more, got {halfWidth}.");
        using var index = arange(Held(0), Held(n), Held(1), dtype: ScalarType.Int64);
        using var offset = index.unsqueeze(1).sub(index.unsqueeze(0)).abs();
        using var band = offset.le(Held(halfWidth));
        return new PenaltyMetric(band, q);
    }

    /// <summary>Frees the mask and the weights.</summary>
    public void Dispose()
    {
        Cheap.Dispose();
        Weights.Dispose();
    }
}

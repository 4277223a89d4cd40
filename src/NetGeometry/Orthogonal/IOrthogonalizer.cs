using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// A differentiable map from a free parameter R (D x D) to an orthogonal matrix Q: the ways OPT (Liu et al.,
/// CVPR 2021) obtains the orthogonal matrix it applies to a layer's frozen neurons. Autograd flows from Q back to R, so
/// a layer with W = Q V trains R with any optimizer. See docs/orthogonal.md for every method.
/// </summary>
public interface IOrthogonalizer
{
    /// <summary>The OPT method this map is.</summary>
    OrthogonalMethod Method { get; }

    /// <summary>Q(R), D x D, in R's dtype; differentiable with respect to R.</summary>
    /// <exception cref="ArgumentException"><paramref name="r"/> is not a non-empty square matrix.</exception>
    Tensor Orthogonalize(Tensor r);

    /// <summary>A parameter R with Q(R) = I exactly: where an OPT layer starts (so W = V at step 0) and where
    /// S-OPT resets R after each fold-back.</summary>
    Tensor IdentityParameter(long d, ScalarType dtype, Device? device);
}

using NetGeometry.Orthogonal;

namespace NetGeometry.Networks;

/// <summary>
/// Which weight layers of a network are OPT layers, and how: the method that keeps R orthogonal, the layers by name
/// (null: every weight layer except the output layer, as in the paper's reference code), and the S-OPT fraction of
/// input coordinates rotated per episode (null: plain OPT, one D x D matrix).
/// </summary>
public sealed record OptPlan(OrthogonalMethod Method, IReadOnlySet<string>? Layers = null, double? StochasticFraction = null)
{
    /// <summary>Whether the weight layer named <paramref name="layer"/> is an OPT layer under this plan
    /// (<paramref name="isOutput"/>: it is the network's output layer).</summary>
    public bool Covers(string layer, bool isOutput) => Layers?.Contains(layer) ?? !isOutput;
}

using System.Globalization;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>How the distance between two unit neurons is measured.</summary>
public enum EnergyDistance
{
    /// <summary>||w^_i - w^_j|| = sqrt(2 - 2 cos theta_ij), in [0, 2].</summary>
    Euclidean,
    /// <summary>theta_ij / pi, the angle as a fraction of a half-turn, in [0, 1].</summary>
    Angular,
}

/// <summary>
/// One kind of hyperspherical energy (the MHE line of work: Liu et al., NeurIPS 2018; science/opt2021.md): the power
/// s of f_s(z) = z^(-s) (s &gt; 0) or f_0(z) = log(1/z) (s = 0), the distance z, and whether the negated neurons -w^_i
/// join the set (the half-space variant). Written "s1", "s0-angular", "s2-half", "s1-angular-half".
/// </summary>
public sealed record EnergyVariant(double S, EnergyDistance Distance = EnergyDistance.Euclidean, bool HalfSpace = false)
{
    /// <summary>What the energy probe records: s = 0, 1, 2 (Euclidean), s = 1 angular, s = 1 half-space.</summary>
    public static IReadOnlyList<EnergyVariant> Recorded { get; } =
        [new(0), new(1), new(2), new(1, EnergyDistance.Angular), new(1, HalfSpace: true)];

    /// <summary>The variant as written: s1, s0-angular, s2-half, s1-angular-half.</summary>
    public string Name =>
        "s" + S.ToString(CultureInfo.InvariantCulture) + (Distance == EnergyDistance.Angular ? "-angular" : "") + (HalfSpace ? "-half" : "");

    /// <summary>The metric name of the pair-averaged energy: energy_s1, energy_s1_angular, energy_s2_half, ...</summary>
    public string MetricName => "energy_" + Name.Replace('-', '_');

    /// <summary>Parses "s&lt;power&gt;[-angular][-half]", e.g. s0, s2, s1-angular, s0-angular-half.</summary>
    /// <exception cref="InputException">Anything else, or a negative or infinite power.</exception>
    public static EnergyVariant Parse(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split('-');
        bool valid = parts[0].StartsWith('s') &&
                     double.TryParse(parts[0][1..], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && double.IsFinite(s);
        var suffixes = parts.Skip(1).ToList();
        InputException.Require(valid && suffixes.All(p => p is "angular" or "half") && suffixes.Distinct().Count() == suffixes.Count,
            $"unknown energy variant '{text}': write s<power>[-angular][-half] with power >= 0, e.g. s0, s1, s2, s1-angular, s2-half.");
        return new EnergyVariant(double.Parse(parts[0][1..], CultureInfo.InvariantCulture),
            suffixes.Contains("angular") ? EnergyDistance.Angular : EnergyDistance.Euclidean, suffixes.Contains("half"));
    }

    /// <summary>f_s applied to distances z (elementwise): z^(-s), or -log z for s = 0.</summary>
    internal Tensor Kernel(Tensor z) => S == 0 ? z.log().neg_() : z.pow(Held(-S));

}

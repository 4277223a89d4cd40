using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Labels y_i ~ N(0, 1) drawn independently of the inputs, as in Du et al. (2019, Sec. 6): a regression set with one
/// target that no function of x explains, so fitting it is pure memorization.
/// </summary>
public static class GaussianLabels
{
    /// <summary>Labels the sample; the dataset takes over the sample's inputs.</summary>
    public static Dataset Label(InputSample sample, long seed)
    {
        using var g = Seeds.Generator(seed);
        var y = randn(sample.Count, 1, dtype: ScalarType.Float64, generator: g);
        return new Dataset(sample.Name, sample.Inputs, y, $"{sample.Provenance}; y ~ N(0, 1) (seed={seed})");
    }
}

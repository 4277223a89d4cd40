using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.WeightSpectra;

/// <summary>Martin &amp; Mahoney's per-layer weight analysis (WeightWatcher's) of any model: each layer's
/// <see cref="LayerSpectrum"/>, in the model's layer order.</summary>
internal static class WeightSpectrum
{
    /// <summary>The spectrum of every layer that has a weight matrix (<see cref="WeightMatrices"/>).</summary>
    public static IReadOnlyList<LayerSpectrum> PerLayer(Model model)
    {
        using var scope = NewDisposeScope();
        return WeightMatrices.Of(model).Select(m => LayerSpectrum.Of(m.Layer, m.Weight)).ToList();
    }
}

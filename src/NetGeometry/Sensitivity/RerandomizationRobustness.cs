using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Sensitivity;

/// <summary>
/// Re-randomization robustness (Zhang, Bengio &amp; Singer, "Are all layers created equal?", 2019): set theta^(l) to
/// a fresh draw from its initialization distribution (the layer's own initializer, <see cref="Layer.Initialize"/>),
/// keep the other layers at their current values, evaluate, restore. Draw k of layer l comes from the seed
/// Seeds.Derive(seed, "rerandomize:" + layer + ":" + k), independent of the run's own initialization stream.
/// </summary>
public static class RerandomizationRobustness
{
    /// <summary>The error with each layer (rows) replaced by each of <paramref name="draws"/> fresh draws (columns).</summary>
    /// <remarks><paramref name="progress"/> hears the number of layers done.</remarks>
    public static double[,] Measure(INetwork network, Dataset data, LossKind loss, long seed, int draws, IProgress<int>? progress = null)
    {
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), draws, "at least one draw.");
        var layers = network.Layers;
        var errors = new double[layers.Count, draws];
        for (int l = 0; l < layers.Count; l++)
        {
            for (int k = 0; k < draws; k++)
                errors[l, k] = LayerValues.WithLayerChanged(layers[l],
                    () => network.ReinitializeLayer(layers[l].Name, DrawSeed(seed, layers[l].Name, k)),
                    () => SensitivityError.Of(network, data, loss));
            progress?.Report(l + 1);
        }
        return errors;
    }

    public static long DrawSeed(long seed, string layer, int draw) => Seeds.Derive(seed, $"rerandomize:{layer}:{draw}");
}

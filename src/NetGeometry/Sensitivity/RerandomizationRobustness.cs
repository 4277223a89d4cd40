using NetGeometry.Engine;
using NetGeometry.Models;

namespace NetGeometry.Sensitivity;

/// <summary>
/// Re-randomization robustness (Zhang, Bengio &amp; Singer, "Are all layers created equal?", 2019, Sec. 3): set
/// theta^(l) to a fresh draw from its initialization distribution (<see cref="LayerInitializer"/>: a built-in layer's
/// own initializer, PyTorch's default for a user's linear or convolutional layer), keep the other layers at their
/// current values, evaluate, restore. Draw k of layer l comes from the seed
/// Seeds.Derive(seed, "rerandomize:" + layer + ":" + k), independent of the run's own initialization stream.
/// </summary>
public static class RerandomizationRobustness
{
    /// <summary>The error with each layer (rows, <see cref="Model.Layers"/> order) replaced by each of
    /// <paramref name="draws"/> fresh draws (columns). Every layer's initializer is found before anything is measured.</summary>
    /// <remarks><paramref name="progress"/> hears the number of layers done.</remarks>
    public static double[,] Measure(Model model, SensitivityData data, long seed, int draws, IProgress<int>? progress = null)
    {
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), draws, "at least one draw.");
        var layers = LayerState.Of(model);
        var initializers = layers.Select(l => LayerInitializer.For(model, l)).ToList();
        var errors = new double[layers.Count, draws];
        for (int l = 0; l < layers.Count; l++)
        {
            for (int k = 0; k < draws; k++)
                errors[l, k] = layers[l].WithChanged(() => Draw(initializers[l], DrawSeed(seed, layers[l].Layer.Name, k)),
                    () => SensitivityError.Of(model, data));
            progress?.Report(l + 1);
        }
        return errors;
    }

    /// <summary>The seed of draw <paramref name="draw"/> of a layer.</summary>
    internal static long DrawSeed(long seed, string layer, int draw) => Seeds.Derive(seed, $"rerandomize:{layer}:{draw}");

    private static void Draw(Action<TorchSharp.torch.Generator> initializer, long seed)
    {
        using var g = Seeds.Generator(seed);
        initializer(g);
    }
}

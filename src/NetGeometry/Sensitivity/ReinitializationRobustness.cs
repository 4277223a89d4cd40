using NetGeometry.Data;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Sensitivity;

/// <summary>
/// Re-initialization robustness (Zhang, Bengio &amp; Singer, "Are all layers created equal?", 2019): for each layer l
/// and each checkpoint tau, set theta^(l) &lt;- theta^(l)_tau (tau = 0 is the initialization), keep every other layer
/// at its current (final) value, evaluate the error on the data, and restore the layer. No retraining. A layer is
/// one weight matrix with its bias (<see cref="Layer"/>); the networks here have no batch-norm statistics.
/// </summary>
public static class ReinitializationRobustness
{
    /// <summary>The error with each layer (rows, network order) reset to each checkpoint (columns, as given).</summary>
    /// <remarks><paramref name="progress"/> hears the number of layers done.</remarks>
    public static double[,] Measure(INetwork network, Dataset data, LossKind loss, IReadOnlyList<ParameterSnapshot> checkpoints,
        IProgress<int>? progress = null)
    {
        var layers = network.Layers;
        var errors = new double[layers.Count, checkpoints.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            for (int c = 0; c < checkpoints.Count; c++)
                errors[l, c] = LayerValues.WithLayerChanged(layers[l], () => LayerValues.Assign(layers[l], checkpoints[c]),
                    () => SensitivityError.Of(network, data, loss));
            progress?.Report(l + 1);
        }
        return errors;
    }
}

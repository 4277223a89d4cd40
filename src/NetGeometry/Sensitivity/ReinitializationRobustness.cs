using NetGeometry.Models;

namespace NetGeometry.Sensitivity;

/// <summary>
/// Re-initialization robustness (Zhang, Bengio &amp; Singer, "Are all layers created equal?", 2019, Sec. 3): for each
/// layer l and each checkpoint tau, set theta^(l) &lt;- theta^(l)_tau (tau = 0 is the initialization), keep every other
/// layer at its current (final) value, evaluate the error on the data, and restore the layer. No retraining. The
/// layers are the model's (<see cref="Model.Layers"/>: modules owning trainable parameters, so a frozen layer is not
/// one); a layer's whole state is set, buffers included (<see cref="LayerState"/>).
/// </summary>
public static class ReinitializationRobustness
{
    /// <summary>The error with each layer (rows, <see cref="Model.Layers"/> order) reset to each checkpoint (columns, as given).</summary>
    /// <remarks><paramref name="progress"/> hears the number of layers done.</remarks>
    public static double[,] Measure(Model model, SensitivityData data, IReadOnlyList<CheckpointState> checkpoints,
        IProgress<int>? progress = null)
    {
        var layers = LayerState.Of(model);
        var errors = new double[layers.Count, checkpoints.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            for (int c = 0; c < checkpoints.Count; c++)
                errors[l, c] = layers[l].WithChanged(() => layers[l].Assign(checkpoints[c]), () => SensitivityError.Of(model, data));
            progress?.Report(l + 1);
        }
        return errors;
    }
}

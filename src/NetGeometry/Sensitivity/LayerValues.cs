using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Sensitivity;

/// <summary>Sets one layer's parameters (its weight and bias) in place from a snapshot holding them, leaving every
/// other layer alone.</summary>
internal static class LayerValues
{
    public static void Assign(Layer layer, ParameterSnapshot source)
    {
        using var _ = no_grad();
        foreach (var p in layer.Parameters)
        {
            var value = source.Entries.FirstOrDefault(e => e.Key == p.Key)?.Value
                ?? throw new ArgumentException($"the snapshot has no parameter {p.Key}.");
            if (!value.shape.SequenceEqual(p.Value.shape))
                throw new ArgumentException($"{p.Key}: snapshot shape [{string.Join(", ", value.shape)}] differs from the layer's [{string.Join(", ", p.Value.shape)}].");
            p.Value.copy_(value);
        }
    }

    /// <summary>Runs <paramref name="probe"/> with the layer changed by <paramref name="change"/>, then puts the layer's
    /// values back exactly, whatever happens.</summary>
    public static T WithLayerChanged<T>(Layer layer, Action change, Func<T> probe)
    {
        using var saved = ParameterSnapshot.Capture(layer.Parameters);
        try
        {
            change();
            return probe();
        }
        finally
        {
            Assign(layer, saved);
        }
    }
}

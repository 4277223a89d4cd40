using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Sensitivity;

/// <summary>
/// One layer of a model as Zhang, Bengio &amp; Singer change it: every state tensor of the module that owns the layer's
/// measured parameters (<see cref="ModelLayer"/>), by full name: its parameters, trainable or not, and its buffers
/// (batch norm's running statistics, an OPT layer's frozen V). The tensors are the model's own, so changing them
/// changes the model; <see cref="WithChanged"/> puts them back exactly.
/// </summary>
internal sealed class LayerState
{
    private LayerState(ModelLayer layer, IReadOnlyList<KeyValuePair<string, Tensor>> tensors)
    {
        Layer = layer;
        Tensors = tensors;
    }

    /// <summary>The layer.</summary>
    public ModelLayer Layer { get; }

    /// <summary>The layer's state tensors by full name ("layer1.weight", "layer1.bias").</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Tensors { get; }

    /// <summary>The state of each of the model's layers, in <see cref="Model.Layers"/> order.</summary>
    public static IReadOnlyList<LayerState> Of(Model model)
    {
        var state = ModuleState.Of(model.Module);
        return model.Layers.Select(layer => new LayerState(layer, state.Where(e => Owner(e.Key) == layer.Name).ToList())).ToList();
    }

    /// <summary>The tensor of the given short name ("weight"), or null when the layer has none.</summary>
    public Tensor? Find(string name) =>
        Tensors.FirstOrDefault(e => e.Key == (Layer.Name.Length == 0 ? name : $"{Layer.Name}.{name}")).Value;

    /// <summary>Sets the layer's tensors, in place, to the checkpoint's values of the same names (its layout checked when it was read).</summary>
    public void Assign(CheckpointState checkpoint)
    {
        using var _ = no_grad();
        foreach (var (name, value) in Tensors) value.copy_(checkpoint.State[name]);
    }

    /// <summary>Runs <paramref name="probe"/> with the layer changed by <paramref name="change"/>, then puts every tensor of the
    /// layer back exactly, whatever happens.</summary>
    public T WithChanged<T>(Action change, Func<T> probe)
    {
        var saved = Copies();
        try
        {
            change();
            return probe();
        }
        finally
        {
            using (no_grad())
            {
                for (int i = 0; i < Tensors.Count; i++) Tensors[i].Value.copy_(saved[i]);
            }
            foreach (var t in saved) t.Dispose();
        }
    }

    private Tensor[] Copies()
    {
        using var _ = no_grad();
        return Tensors.Select(e => e.Value.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The module that owns a state entry: its name without the last part ("" for the root's own).</summary>
    private static string Owner(string name) => name.LastIndexOf('.') is var dot and >= 0 ? name[..dot] : "";
}

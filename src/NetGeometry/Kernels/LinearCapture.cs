using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// What each linear module saw in one forward pass of a model, kept by forward hooks (the module tree is walked, the
/// model is not rewritten): its input rows U and its output Z = layer(U), still in the graph, so backward signals
/// dZ can be taken from them. A module that ran other than once, or on other than a matrix of the pass's rows, makes
/// the pass unusable for the structured NTK (<see cref="Problem"/>).
/// </summary>
internal sealed class LinearCapture
{
    private readonly IReadOnlyList<LinearModule> layers;
    private readonly Dictionary<string, List<(Tensor Input, Tensor Output)>> seen;

    private LinearCapture(IReadOnlyList<LinearModule> layers)
    {
        this.layers = layers;
        seen = layers.ToDictionary(l => l.Name, _ => new List<(Tensor, Tensor)>());
    }

    /// <summary>Runs <paramref name="forward"/> with a hook on every layer, and returns its output with what the layers saw.</summary>
    public static (Tensor Output, LinearCapture Capture) Run(IReadOnlyList<LinearModule> layers, Func<Tensor, Tensor> forward, Tensor x)
    {
        var capture = new LinearCapture(layers);
        var removers = layers.Select(l => l.Module.register_forward_hook((_, input, output) =>
        {
            // New handles to the same tensors (same autograd identity): Sequential disposes its intermediate results.
            capture.seen[l.Name].Add((input.alias(), output.alias()));
            return null!;
        })).ToList();
        try
        {
            return (forward(x), capture);
        }
        finally
        {
            foreach (var remover in removers) remover.remove();
        }
    }

    /// <summary>Why the pass cannot give structured factors for <paramref name="rows"/> examples, or null when it can.</summary>
    public string? Problem(long rows)
    {
        foreach (var layer in layers)
        {
            var calls = seen[layer.Name];
            if (calls.Count != 1)
                return $"layer '{LinearModule.Display(layer.Name)}' ran {calls.Count} times in one forward pass (the identity needs each linear layer applied once per example, called through its module)";
            var u = calls[0].Input;
            if (u.dim() != 2 || u.shape[0] != rows)
                return $"layer '{LinearModule.Display(layer.Name)}' took inputs of shape [{string.Join(", ", u.shape)}], not one row per example";
        }
        return null;
    }

    /// <summary>Layer l's input U (rows x fan_in) and output Z (rows x fan_out) in the pass.</summary>
    public (Tensor Input, Tensor Output) this[LinearModule layer] => seen[layer.Name][0];
}

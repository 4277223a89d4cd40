using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Sensitivity;

/// <summary>
/// How re-randomization draws a layer afresh from its initial distribution: a built-in network's layer (a
/// <see cref="Networks.Layer"/> module) by its own initializer, so the draws are those the network makes; any other
/// layer (a user's module, a TorchScript module) by PyTorch's default for the kind its state shows
/// (<see cref="PyTorchDefaultInit"/>); a layer of neither kind is an <see cref="InputException"/> naming it.
/// </summary>
internal static class LayerInitializer
{
    /// <summary>The draw of one layer's state in place from a generator.</summary>
    public static Action<Generator> For(Model model, LayerState layer)
    {
        var module = model.Module.named_modules().FirstOrDefault(m => m.name == layer.Layer.Name).module;
        if (module is Layer own) return own.Initialize;
        var shapes = layer.Tensors.Select(e => (Name: e.Key[(e.Key.LastIndexOf('.') + 1)..], e.Value.shape)).ToList();
        InputException.Require(PyTorchDefaultInit.Kind(shapes) is not null,
            $"re-randomization cannot tell how layer '{layer.Layer.Name}' was initialized (its state: " +
            $"{string.Join(", ", shapes.Select(s => $"{s.Name} [{string.Join(", ", s.shape)}]"))}): it re-draws layers shaped as " +
            "PyTorch's nn.Linear (a 2-d weight) or nn.Conv1d/2d/3d (a 3- to 5-d weight), each with an optional bias, from PyTorch's default initializer.");
        return generator => PyTorchDefaultInit.Draw(layer.Find("weight")!, layer.Find("bias"), generator);
    }
}

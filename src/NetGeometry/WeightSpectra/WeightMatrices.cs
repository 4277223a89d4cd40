using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.WeightSpectra;

/// <summary>
/// The weight matrix of each layer of a <see cref="Model"/> (a built-in network's and a user's alike): a layer made of
/// neurons (<see cref="INeuronLayer"/>: dense rows, conv filters, an OPT layer's effective W = V Q^T) as its neurons,
/// any other layer by its parameter "weight" of two or more dimensions, reshaped out x (everything else): a conv
/// kernel out x in k_h k_w, the usual reshaping (Martin &amp; Mahoney 2021, sec. 4). Layers without such a weight
/// (batch norm, a bias alone) have none.
/// </summary>
internal static class WeightMatrices
{
    /// <summary>Each layer's matrix, in the model's layer order; the caller owns the tensors.</summary>
    public static IReadOnlyList<(string Layer, Tensor Weight)> Of(Model model)
    {
        var modules = model.Module.named_modules().ToDictionary(m => m.name, m => m.module);
        var matrices = new List<(string, Tensor)>();
        using var _ = no_grad();
        foreach (var layer in model.Layers)
        {
            if (modules.GetValueOrDefault(layer.Name) is INeuronLayer neurons)
            {
                var rows = neurons.Neurons();
                matrices.Add((layer.Name, rows.reshape(rows.shape[0], -1).detach()));
                continue;
            }
            var weight = model.Parameters.FirstOrDefault(p => p.Layer == layer.Name && p.Name[(p.Name.LastIndexOf('.') + 1)..] == "weight" && p.Shape.Length >= 2);
            if (weight is not null) matrices.Add((layer.Name, weight.Value.detach().reshape(weight.Shape[0], -1)));
        }
        return matrices;
    }
}

using NetGeometry.Models;
using NetGeometry.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// A layer of a model that the structured NTK can use (ntk-computation.md, "Structured derivatives"): a module that
/// computes z = m_W u W^T + m_b b on rows u (n x fan_in), found by walking the model's module tree. Two kinds qualify:
/// TorchSharp's <c>nn.Linear</c> (m_W = m_b = 1) and NetGeometry's <see cref="DenseLayer"/> (its explicit multipliers,
/// the NTK parameterization as a module of its own). Whatever else the model does between them (pointwise activations,
/// residual sums, reshapes) does not matter, as long as each such layer is applied once per example to a matrix of rows.
/// </summary>
internal sealed record LinearModule(string Name, nn.Module<Tensor, Tensor> Module, long FanIn, long FanOut, double WeightMultiplier, double BiasMultiplier)
{
    /// <summary>m_W^2: the weight multiplier squared (1/fan_in in NTK parameterization with sigma_w = 1).</summary>
    public double WeightScale => WeightMultiplier * WeightMultiplier;

    /// <summary>m_b^2, or 0 for a layer without a measured bias (its <see cref="BiasMultiplier"/> is then 0).</summary>
    public double BiasScale => BiasMultiplier * BiasMultiplier;

    /// <summary>
    /// The linear modules behind the chosen layers of a model, or null (with the reason) when one of them is not a linear
    /// module, or its weight is not among the measured parameters.
    /// </summary>
    public static IReadOnlyList<LinearModule>? Find(Model model, IReadOnlyList<ModelLayer> layers, out string reason)
    {
        var modules = model.Module.named_modules().ToDictionary(m => m.name, m => m.module);
        var found = new List<LinearModule>();
        foreach (var layer in layers)
        {
            bool hasBias = layer.Parameters.Contains(Qualified(layer.Name, "bias"));
            LinearModule? linear = !layer.Parameters.Contains(Qualified(layer.Name, "weight")) ? null
                : modules.GetValueOrDefault(layer.Name) switch
                {
                    DenseLayer dense => new LinearModule(layer.Name, dense, dense.FanIn, dense.FanOut,
                        dense.WeightMultiplier, hasBias ? dense.BiasMultiplier : 0),
                    TorchSharp.Modules.Linear plain => new LinearModule(layer.Name, plain, plain.in_features, plain.out_features, 1, hasBias ? 1 : 0),
                    _ => null,
                };
            if (linear is null)
            {
                var module = modules.GetValueOrDefault(layer.Name);
                reason = $"layer '{Display(layer.Name)}' ({module?.GetType().Name ?? "the root module"}) is not a linear layer with its weight measured";
                return null;
            }
            found.Add(linear);
        }
        reason = "";
        return found;
    }

    /// <summary>A layer's name as users read it ("the root module" for parameters of the root).</summary>
    public static string Display(string layer) => layer.Length == 0 ? "<root>" : layer;

    /// <summary>A parameter's full name in the model ("4.weight"; "weight" for a parameter of the root module).</summary>
    public static string Qualified(string layer, string parameter) => layer.Length == 0 ? parameter : $"{layer}.{parameter}";
}

using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// Backward passes for curvature products, where parts of a graph may be constant: an output that depends on no
/// parameter (a gradient in a model linear in that parameter) is left out, since its derivative is zero, and an input
/// that no output reaches gets zeros. Without this, libtorch's grad would fail (and abort the process) on such
/// graphs; with it, e.g. the output Hessian of a network whose last layer is linear is simply zero in that block.
/// </summary>
internal static class Derivatives
{
    /// <summary>sum_i (d outputs_i / d inputs)^T gradOutputs_i for each input; the graph is always retained.</summary>
    public static Tensor[] Backward(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> gradOutputs,
        bool createGraph = false)
    {
        var live = Enumerable.Range(0, outputs.Count).Where(i => outputs[i].requires_grad).ToList();
        if (live.Count == 0) return inputs.Select(x => zeros_like(x)).ToArray();
        var grads = Autograd.Grad(live.Select(i => outputs[i]).ToList(), inputs, live.Select(i => gradOutputs[i]).ToList(),
            createGraph: createGraph, retainGraph: true, allowUnused: true);
        return grads.Select((g, j) => g.IsInvalid ? zeros_like(inputs[j]) : g).ToArray();
    }
}

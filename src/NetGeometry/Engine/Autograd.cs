using static TorchSharp.torch;

namespace NetGeometry.Engine;

/// <summary>
/// The one door to torch.autograd.grad. An error inside libtorch's grad aborts the whole process (a native abort,
/// not an exception), so every precondition libtorch would check is checked here first and reported as an
/// <see cref="InvalidOperationException"/>: outputs that carry a graph, inputs that require grad, and output
/// gradients of matching shape. Pass createGraph for double backward (Hessian-vector products);
/// the graph is then retained too, since TorchSharp does not imply it.
/// </summary>
internal static class Autograd
{
    /// <summary>d(sum_i outputs_i . gradOutputs_i) / d inputs, one tensor per input (invalid for an unused input when
    /// <paramref name="allowUnused"/> is set); without grad outputs every output must be a scalar.</summary>
    /// <exception cref="InvalidOperationException">A precondition libtorch would abort on does not hold.</exception>
    public static Tensor[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor>? gradOutputs = null, bool createGraph = false, bool retainGraph = false, bool allowUnused = false)
    {
        if (outputs.Count == 0) throw new InvalidOperationException("autograd: no outputs to differentiate.");
        if (inputs.Count == 0) throw new InvalidOperationException("autograd: no inputs to differentiate with respect to.");
        for (int i = 0; i < inputs.Count; i++)
            if (!inputs[i].requires_grad)
                throw new InvalidOperationException($"autograd: input {i} (shape [{string.Join(", ", inputs[i].shape)}]) does not require grad.");
        for (int i = 0; i < outputs.Count; i++)
        {
            if (!outputs[i].requires_grad)
                throw new InvalidOperationException($"autograd: output {i} does not depend on any input that requires grad.");
            if (gradOutputs == null && outputs[i].numel() != 1)
                throw new InvalidOperationException($"autograd: output {i} has {outputs[i].numel()} elements; pass grad outputs for a non-scalar output.");
        }
        if (gradOutputs != null)
        {
            if (gradOutputs.Count != outputs.Count)
                throw new InvalidOperationException($"autograd: {gradOutputs.Count} grad outputs for {outputs.Count} outputs.");
            for (int i = 0; i < outputs.Count; i++)
            {
                if (!gradOutputs[i].shape.SequenceEqual(outputs[i].shape))
                    throw new InvalidOperationException(
                        $"autograd: grad output {i} has shape [{string.Join(", ", gradOutputs[i].shape)}], output has [{string.Join(", ", outputs[i].shape)}].");
                if (gradOutputs[i].dtype != outputs[i].dtype)
                    throw new InvalidOperationException($"autograd: grad output {i} is {gradOutputs[i].dtype}, output is {outputs[i].dtype}.");
            }
        }
        var result = autograd.grad(outputs.ToList(), inputs.ToList(), gradOutputs?.ToList(), retain_graph: retainGraph || createGraph,
            create_graph: createGraph, allow_unused: allowUnused);
        return result.ToArray();
    }

    /// <summary>Gradient of a scalar with respect to the given tensors.</summary>
    public static Tensor[] Grad(Tensor scalar, IReadOnlyList<Tensor> inputs, bool createGraph = false, bool retainGraph = false) =>
        Grad(new[] { scalar }, inputs, null, createGraph, retainGraph);
}

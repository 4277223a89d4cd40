using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian of a model's outputs with respect to its parameters: of s(theta) = sum_{i,k} c_ik f_k(x_i; theta) for
/// given inputs x_i and output weights c. With one input and one output it is d^2 f(x) / d theta^2, whose spectral
/// norm Liu, Zhu &amp; Belkin show to be O(1/sqrt(m)) in the width m when the output layer is linear ("transition to
/// linearity", NeurIPS 2020, Theorem 3.2; ACHA 2022), and not otherwise. It is the <see cref="LossHessian"/> of the
/// custom loss <see cref="WeightedSum"/> on one batch (inputs, weights): its gradient graph is built once.
/// </summary>
public static class OutputHessian
{
    /// <summary>s = sum_{i,k} c_ik f_k(x_i), the targets being the weights c (shaped like the outputs), reduced by a sum.</summary>
    public static ModelLoss WeightedSum { get; } = ModelLoss.Custom((outputs, weights) =>
    {
        InputException.Require(weights.shape.SequenceEqual(outputs.shape) && weights.dtype == outputs.dtype,
            $"the output weights must be {outputs.dtype} of the outputs' shape [{string.Join(", ", outputs.shape)}], got {weights.dtype} [{string.Join(", ", weights.shape)}].");
        return outputs.mul(weights).sum();
    }, LossReduction.Sum, "weighted output sum");

    /// <summary>The Hessian of s for a model, inputs (first dimension: examples) and weights c shaped like the outputs.</summary>
    public static LossHessian Create(Model model, Tensor inputs, Tensor outputWeights) =>
        new(model, WeightedSum, new[] { new Batch(inputs, outputWeights) });

    /// <summary>The Hessian of s for a built-in network on n inputs, each checked against the network first.</summary>
    /// <param name="network">A built-in network, measured through its model (<see cref="NetworkExtensions.AsModel"/>).</param>
    /// <param name="inputs">n x InputDim.</param>
    /// <param name="outputWeights">c, n x OutputDim; null means all ones.</param>
    /// <exception cref="Engine.InputException">The inputs or weights do not fit the network (shape or dtype).</exception>
    public static LossHessian Create(INetwork network, Tensor inputs, Tensor? outputWeights = null)
    {
        InputException.Require(inputs.dim() == 2 && inputs.shape[0] > 0 && inputs.shape[1] == network.InputDim,
            $"the inputs must be n x {network.InputDim} with n >= 1, got [{string.Join(", ", inputs.shape)}].");
        InputException.Require(inputs.dtype == network.DType, $"the inputs are {inputs.dtype}, the network {network.DType}.");
        InputException.Require(outputWeights is null
                || (outputWeights.shape.SequenceEqual(new[] { inputs.shape[0], network.OutputDim }) && outputWeights.dtype == network.DType),
            $"the output weights must be a {network.DType} matrix of shape [{inputs.shape[0]}, {network.OutputDim}].");
        using var ones = outputWeights is null ? TorchSharp.torch.ones(new[] { inputs.shape[0], network.OutputDim }, dtype: network.DType, device: inputs.device) : null;
        return Create(network.AsModel(), inputs, outputWeights ?? ones!);
    }
}

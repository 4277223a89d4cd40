using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian of the network's output with respect to its parameters: of s(theta) = sum_{i,k} c_ik f_k(x_i; theta)
/// for given inputs x_i and output weights c (default all ones). With one input and one output it is
/// d^2 f(x) / d theta^2, whose spectral norm Liu, Zhu &amp; Belkin show to be O(1/sqrt(m)) in the width m when the
/// output layer is linear ("transition to linearity", NeurIPS 2020, Theorem 3.2; ACHA 2022), and not otherwise.
/// </summary>
public static class OutputHessian
{
    /// <param name="inputs">n x InputDim.</param>
    /// <param name="outputWeights">c, n x OutputDim; null means all ones.</param>
    public static Hessian Create(INetwork network, Tensor inputs, Tensor? outputWeights = null)
    {
        InputException.Require(inputs.dim() == 2 && inputs.shape[0] > 0 && inputs.shape[1] == network.InputDim,
            $"the inputs must be n x {network.InputDim} with n >= 1, got [{string.Join(", ", inputs.shape)}].");
        InputException.Require(inputs.dtype == network.DType, $"the inputs are {inputs.dtype}, the network {network.DType}.");
        InputException.Require(outputWeights is null
                || (outputWeights.shape.SequenceEqual(new[] { inputs.shape[0], network.OutputDim }) && outputWeights.dtype == network.DType),
            $"the output weights must be a {network.DType} matrix of shape [{inputs.shape[0]}, {network.OutputDim}].");
        var parameters = ParameterVector.Of(network);
        using var scope = NewDisposeScope();
        var outputs = network.Forward(inputs);
        var s = outputWeights is null ? outputs.sum() : outputs.mul(outputWeights).sum();
        return new Hessian(s, parameters);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Training.Optimizers;

/// <summary>theta &lt;- theta - eta g: full-batch gradient descent, or SGD when the gradient is a mini-batch's.</summary>
public sealed class GradientDescent(IReadOnlyList<Tensor> parameters, double learningRate) : IOptimizer
{
    public void Step(IReadOnlyList<Tensor> gradients)
    {
        using var _ = no_grad();
        // Held to the end of the step for the reason given in Adam.Step.
        using Scalar step = (-learningRate).ToScalar();
        for (int i = 0; i < parameters.Count; i++) parameters[i].add_(gradients[i], alpha: step);
    }

    public void Dispose() { }
}

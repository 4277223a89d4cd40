using static TorchSharp.torch;

namespace NetGeometry.Training.Optimizers;

/// <summary>theta &lt;- theta - eta g: full-batch gradient descent, or SGD when the gradient is a mini-batch's.</summary>
public sealed class GradientDescent(IReadOnlyList<Tensor> parameters, double learningRate) : IOptimizer
{
    public void Step(IReadOnlyList<Tensor> gradients)
    {
        using var _ = no_grad();
        for (int i = 0; i < parameters.Count; i++) parameters[i].add_(gradients[i], alpha: Held(-learningRate));
    }

    public void Dispose() { }
}

using static TorchSharp.torch;

namespace NetGeometry.Training.Optimizers;

/// <summary>Heavy-ball momentum (PyTorch's convention): v &lt;- mu v + g, theta &lt;- theta - eta v.</summary>
public sealed class Momentum : IOptimizer
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly Tensor[] _velocity;
    private readonly double _learningRate, _mu;

    public Momentum(IReadOnlyList<Tensor> parameters, double learningRate, double mu)
    {
        _parameters = parameters; _learningRate = learningRate; _mu = mu;
        _velocity = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public void Step(IReadOnlyList<Tensor> gradients)
    {
        using var _ = no_grad();
        for (int i = 0; i < _parameters.Count; i++)
        {
            _velocity[i].mul_(Held(_mu)).add_(gradients[i], Held(1));
            _parameters[i].add_(_velocity[i], alpha: Held(-_learningRate));
        }
    }

    public void Dispose()
    {
        foreach (var v in _velocity) v.Dispose();
    }
}

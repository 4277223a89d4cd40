using static TorchSharp.torch;

namespace NetGeometry.Training.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1): m &lt;- b1 m + (1-b1) g, v &lt;- b2 v + (1-b2) g^2,
/// theta &lt;- theta - eta (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly Tensor[] _m, _v;
    private readonly double _learningRate, _beta1, _beta2, _eps;
    private int _t;

    public Adam(IReadOnlyList<Tensor> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _parameters = parameters; _learningRate = learningRate; _beta1 = beta1; _beta2 = beta2; _eps = eps;
        _m = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _v = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public void Step(IReadOnlyList<Tensor> gradients)
    {
        _t++;
        double c1 = 1 - Math.Pow(_beta1, _t), c2 = 1 - Math.Pow(_beta2, _t);
        using var _ = no_grad();
        for (int i = 0; i < _parameters.Count; i++)
        {
            var g = gradients[i];
            _m[i].mul_(Held(_beta1)).add_(g, alpha: Held(1 - _beta1));
            _v[i].mul_(Held(_beta2)).addcmul_(g, g, value: Held(1 - _beta2));
            using var denominator = _v[i].div(Held(c2)).sqrt_().add_(Held(_eps), Held(1));
            _parameters[i].addcdiv_(_m[i], denominator, value: Held(-_learningRate / c1));
        }
    }

    public void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t.Dispose();
    }
}

using TorchSharp;
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
        // Scalars held to the end of the step: an implicit double -> Scalar conversion can be finalized by the GC
        // while libtorch still reads it (seen as "Unknown scalar type" in a long run).
        using Scalar beta1 = _beta1.ToScalar(), oneMinusBeta1 = (1 - _beta1).ToScalar(), beta2 = _beta2.ToScalar(), oneMinusBeta2 = (1 - _beta2).ToScalar();
        using Scalar biasCorrection2 = c2.ToScalar(), eps = _eps.ToScalar(), step = (-_learningRate / c1).ToScalar();
        for (int i = 0; i < _parameters.Count; i++)
        {
            var g = gradients[i];
            _m[i].mul_(beta1).add_(g, alpha: oneMinusBeta1);
            _v[i].mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
            using var denominator = _v[i].div(biasCorrection2).sqrt_().add_(eps, Held(1));
            _parameters[i].addcdiv_(_m[i], denominator, value: step);
        }
    }

    public void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t.Dispose();
    }
}

using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Training.Optimizers;

/// <summary>
/// OGD (Liu et al., CVPR 2021): gradient descent that keeps square matrices X orthogonal, by Cayley SGD with momentum
/// (Li, Fuxin &amp; Todorovic, ICLR 2020, Algorithm 1) as the OPT reference code runs it. With G the gradient:
/// M &lt;- beta M - G; W^ = M X^T - X (X^T M X^T) / 2; W = W^ - W^T (skew: a tangent direction at X); M &lt;- W X;
/// alpha = min(eta, 1 / (||W||_F + 1e-8)); then the Cayley retraction Y = (I - alpha/2 W)^-1 (I + alpha/2 W) X by its
/// fixed-point iteration Y &lt;- X + (alpha/2) W (X + Y), started at Y = X + alpha M, <see cref="FixedPointIterations"/>
/// times; X &lt;- Y. Two iterations are not the exact retraction, so X drifts off the orthogonal group, the faster
/// the larger alpha ||W|| (one step from an orthogonal 256 x 256 X adds about 2e-4 (alpha ||W||_F)^4: 2e-8 at 0.1, 2e-4 at 1). Drift handling:
/// after every step, a matrix whose ||X X^T - I||_F exceeds the tolerance is replaced by its nearest orthogonal matrix
/// (the polar factor, by <see cref="NewtonSchulz"/> iterations, quadratic from a nearly orthogonal X); the error a
/// probe sees therefore stays at most the tolerance. <see cref="MaxDrift"/> and <see cref="Reorthonormalizations"/>
/// report the largest error met and how often it was corrected.
/// </summary>
public sealed class OrthogonalGradientDescent : IOptimizer
{
    public const int FixedPointIterations = 2;

    private readonly IReadOnlyList<Tensor> _matrices;
    private readonly Tensor[] _momentum;
    private readonly double _learningRate, _beta, _tolerance;

    public OrthogonalGradientDescent(IReadOnlyList<Tensor> matrices, double learningRate, double momentum, double tolerance)
    {
        if (matrices.Any(x => x.dim() != 2 || x.shape[0] != x.shape[1]))
            throw new ArgumentException("OGD keeps square matrices orthogonal.");
        _matrices = matrices; _learningRate = learningRate; _beta = momentum; _tolerance = tolerance;
        _momentum = matrices.Select(x => zeros_like(x).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The largest ||X X^T - I||_F found after a step so far.</summary>
    public double MaxDrift { get; private set; }

    /// <summary>How many times a matrix was projected back to the orthogonal group.</summary>
    public int Reorthonormalizations { get; private set; }

    public void Step(IReadOnlyList<Tensor> gradients)
    {
        using var _ = no_grad();
        for (int i = 0; i < _matrices.Count; i++)
        {
            using var scope = NewDisposeScope();
            var x = _matrices[i];
            var m = _momentum[i].mul_(Held(_beta)).sub_(gradients[i]);
            var half = m.matmul(x.t()).sub_(x.matmul(x.t().matmul(m).matmul(x.t())).mul_(Held(0.5)));
            var w = half.sub(half.t());
            m.copy_(w.matmul(x));
            double alpha = Math.Min(_learningRate, 1.0 / (w.norm().item<double>() + 1e-8));
            var y = x.add(m, alpha: Held(alpha));
            for (int k = 0; k < FixedPointIterations; k++) y = x.add(w.matmul(x.add(y, Held(1))), alpha: Held(alpha / 2));
            x.copy_(y);
            double drift = Orthogonality.Error(x);
            MaxDrift = Math.Max(MaxDrift, drift);
            if (drift <= _tolerance) continue;
            x.copy_(new NewtonSchulz().Orthogonalize(x));
            Reorthonormalizations++;
        }
    }

    /// <summary>Forgets the momentum of one matrix (S-OPT resets R at the end of an episode).</summary>
    public void ResetMomentum(Tensor matrix)
    {
        for (int i = 0; i < _matrices.Count; i++)
            if (ReferenceEquals(_matrices[i], matrix)) _momentum[i].zero_();
    }

    public void Dispose()
    {
        foreach (var m in _momentum) m.Dispose();
    }
}

using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Landscapes;

/// <summary>
/// A random direction in a model's parameter space, filter-normalized (Li, Xu, Taylor, Studer &amp; Goldstein,
/// "Visualizing the loss landscape of neural nets", NeurIPS 2018, sec. 4): d ~ N(0, I), then each filter of each
/// weight (a conv kernel's output channel, a dense matrix's row: index 0 of the tensor) rescaled to the norm of the
/// same filter of theta, d_(l,k) &lt;- d_(l,k) ||theta_(l,k)|| / ||d_(l,k)||; parameters of one dimension (biases,
/// batch-norm scales and shifts) get d = 0. The picture L(theta + a d + b e) is then the same for theta and for its
/// ReLU rescaling W_l -&gt; c W_l, W_(l+1) -&gt; W_(l+1) / c.
/// </summary>
internal static class FilterNormalizedDirection
{
    /// <summary>A direction for the model's current parameters theta, drawn from <paramref name="generator"/>: a float64
    /// vector of the model's dimension; its norm is ||theta|| over the weights of two or more dimensions.</summary>
    public static Tensor Draw(Model model, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var parts = model.Parameters.Select(p =>
        {
            var value = p.Value.detach();
            if (value.dim() <= 1) return zeros_like(value);
            var d = randn(value.shape, dtype: ScalarType.Float64, device: value.device, generator: generator);
            var filters = value.reshape(value.shape[0], -1);
            var drawn = d.reshape(value.shape[0], -1);
            var scale = filters.norm(1, keepdim: true).div(drawn.norm(1, keepdim: true).clamp_min(Held(1e-300)));
            return drawn.mul(scale).reshape(value.shape);
        }).ToList();
        return model.Flatten(parts).MoveToOuterDisposeScope();
    }

    /// <summary>The norm every filter-normalized direction of the model has: ||theta|| over its weights of two or more
    /// dimensions (each filter of d has its filter's norm, the rest is 0).</summary>
    public static double Norm(Model model)
    {
        using var _ = no_grad();
        return Math.Sqrt(model.Tensors.Where(t => t.dim() > 1).Sum(t => t.pow(Held(2)).sum().item<double>()));
    }
}

using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// ||grad L(theta)|| of the full-batch training loss: for the whole network (grad_norm) and per trainable layer
/// (grad_norm with the layer's name). Under the PL* condition ||grad L||^2 >= 2 mu L (Liu, Zhu &amp; Belkin).
/// </summary>
public sealed class GradientNormProbe : IProbe
{
    public string Name => "grad-norm";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("grad_norm", "gradient norm ||grad L||", "the Euclidean norm of the full-batch gradient of the training loss, whole network and per layer"),
    ];

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var layers = c.Network.Layers.Where(l => l.Trainable).ToList();
        if (layers.Count == 0) yield break;
        var norms = new List<(string Layer, double SquaredNorm)>();
        using (NewDisposeScope())
        {
            var parameters = layers.SelectMany(l => l.Parameters).ToList();
            var loss = Loss.Compute(c.Loss, c.Network.Forward(c.Train.Inputs), c.Train.Targets, c.Train.Labels);
            var grads = Autograd.Grad(loss, parameters.Select(p => p.Value).ToList());
            for (int i = 0; i < parameters.Count; i++)
                norms.Add((parameters[i].Layer, grads[i].square().sum().item<double>()));
        }
        yield return c.Value("grad_norm", Math.Sqrt(norms.Sum(n => n.SquaredNorm)));
        foreach (var layer in layers)
            yield return c.Value("grad_norm", Math.Sqrt(norms.Where(n => n.Layer == layer.Name).Sum(n => n.SquaredNorm)), layer.Name);
    }
}

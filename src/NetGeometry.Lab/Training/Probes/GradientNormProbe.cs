using NetGeometry.Engine;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// ||grad L(theta)|| of the full-batch training loss: for the whole network (grad_norm) and per trainable layer
/// (grad_norm with the layer's name), over the trainable parameters. Under the PL* condition ||grad L||^2 >= 2 mu L
/// (Liu, Zhu &amp; Belkin). The gradient is accumulated over chunks of <see cref="Evaluation.Chunk"/> examples
/// (each chunk's mean loss weighted by its share of the set), so a CNN on 60,000 images fits in memory.
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
        var parameters = layers.SelectMany(l => l.Parameters).Where(p => p.Trainable).ToList();
        var squared = SquaredNorms(c, parameters.Select(p => p.Value).ToList());
        yield return c.Value("grad_norm", Math.Sqrt(squared.Sum()));
        foreach (var layer in layers)
            yield return c.Value("grad_norm", Math.Sqrt(parameters.Select((p, i) => p.Layer == layer.Name ? squared[i] : 0).Sum()), layer.Name);
    }

    /// <summary>||dL/dp||^2 of the full-batch training loss for each of the given parameter tensors.</summary>
    internal static double[] SquaredNorms(ProbeContext c, IReadOnlyList<Tensor> values)
    {
        var squared = new double[values.Count];
        using (NewDisposeScope())
        {
            var total = values.Select(v => zeros_like(v)).ToArray();
            long n = c.Train.Count;
            for (long start = 0; start < n; start += Evaluation.Chunk)
            {
                using var chunk = NewDisposeScope();
                long size = Math.Min(Evaluation.Chunk, n - start);
                var outputs = c.Network.Forward(c.Train.Inputs.narrow(0, start, size));
                var loss = Loss.Compute(c.Loss, outputs, c.Train.Targets.narrow(0, start, size), c.Train.Labels?.narrow(0, start, size));
                var grads = Autograd.Grad(loss.mul(Held((double)size / n)), values);
                for (int i = 0; i < grads.Length; i++) total[i].add_(grads[i], Held(1));
            }
            for (int i = 0; i < total.Length; i++) squared[i] = total[i].pow(Held(2)).sum().item<double>();
        }
        return squared;
    }
}

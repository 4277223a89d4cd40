using NetGeometry.Data;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// Network outputs, loss and accuracy on a whole dataset, without a graph, in chunks of <see cref="Chunk"/> examples
/// whose intermediate tensors are freed chunk by chunk (a CNN's feature maps for 1024 Fashion-MNIST images take about
/// 100 MB each in float64).
/// </summary>
public static class Evaluation
{
    /// <summary>Examples per forward pass.</summary>
    public const int Chunk = 1024;

    /// <summary>The network's outputs on the dataset's inputs (n x o, no graph).</summary>
    public static Tensor Outputs(INetwork net, Dataset data) => Outputs(x => net.Forward(x), data.Inputs);

    /// <summary>f(x) of a function (a network's or a model's forward) on inputs of any rank whose first dimension
    /// indexes the examples, chunk by chunk.</summary>
    public static Tensor Outputs(Func<Tensor, Tensor> forward, Tensor inputs)
    {
        using var _ = no_grad();
        long count = inputs.shape[0];
        var parts = new List<Tensor>();
        for (long start = 0; start < count; start += Chunk)
        {
            using var scope = NewDisposeScope();
            var x = inputs.narrow(0, start, Math.Min(Chunk, count - start));
            parts.Add(scope.MoveToOuter(forward(x)));
        }
        var all = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return all;
    }

    /// <summary>The loss of outputs (n x o, from <see cref="Outputs(INetwork, Dataset)"/>) against the dataset's
    /// targets or labels.</summary>
    /// <exception cref="Engine.InputException">Cross-entropy on a dataset without labels.</exception>
    public static double LossOf(LossKind loss, Tensor outputs, Dataset data)
    {
        using var _ = no_grad();
        using var value = Loss.Compute(loss, outputs, data.Targets, data.Labels);
        return value.item<double>();
    }

    /// <summary>The fraction of examples whose largest output is their class; null for regression data.</summary>
    public static double? AccuracyOf(Tensor outputs, Dataset data)
    {
        if (data.Labels is null) return null;
        using var _ = no_grad();
        using var predicted = outputs.argmax(1);
        using var correct = predicted.eq(data.Labels).to_type(ScalarType.Float64).mean();
        return correct.item<double>();
    }
}

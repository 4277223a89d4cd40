using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Landscapes;

/// <summary>
/// The loss (and accuracy) of a model at points theta = origin + sum_k c_k d_k of parameter space (Li et al. 2018,
/// sec. 3: 1D lines and 2D planes; Goodfellow, Vinyals &amp; Saxe 2015 for the line between two weights), each point
/// over all batches without a graph, each batch's tensors freed before the next (<see cref="Batch.ForEach"/>), so
/// memory stays flat over any number of points. The model is in evaluation mode (<see cref="Model"/>: batch norm uses
/// its stored running statistics). The parameters are written in place and put back as they were afterwards.
/// </summary>
internal static class LossLandscape
{
    /// <summary>The points origin + sum_k coordinates[i][k] directions[k], in order; <paramref name="progress"/> hears
    /// how many are done after each.</summary>
    public static LandscapePoint[] Evaluate(Model model, LandscapeData data, Tensor origin, IReadOnlyList<Tensor> directions,
        IReadOnlyList<double[]> coordinates, IProgress<int>? progress = null)
    {
        if (coordinates.Any(c => c.Length != directions.Count))
            throw new ArgumentException($"each point needs {directions.Count} coordinates, one per direction.");
        using var saved = model.Values();
        var points = new LandscapePoint[coordinates.Count];
        try
        {
            for (int i = 0; i < coordinates.Count; i++)
            {
                using (var scope = NewDisposeScope())
                {
                    var theta = origin.clone();
                    for (int k = 0; k < directions.Count; k++) theta.add_(directions[k], alpha: Held(coordinates[i][k]));
                    Load(model, theta);
                }
                points[i] = At(model, data);
                progress?.Report(i + 1);
            }
        }
        finally
        {
            Load(model, saved);
        }
        return points;
    }

    /// <summary>The loss over all batches with the loss's reduction, and the accuracy (argmax of the outputs against the
    /// labels) where there are labels, at the model's current parameters.</summary>
    public static LandscapePoint At(Model model, LandscapeData data)
    {
        using var _ = no_grad();
        double total = 0, correct = 0;
        int index = 0;
        long n = Batch.ForEach(data.Batches, (batch, first) =>
        {
            var outputs = model.Forward(batch.Inputs);
            total += data.Loss.Compute(outputs, batch.Targets).item<double>() * data.Loss.BatchWeight(batch.Count);
            if (data.Labels is { } labels) correct += outputs.argmax(1).eq(labels[index]).sum().item<long>();
            index++;
        });
        return new LandscapePoint(total / data.Loss.TotalWeight(n), data.Labels is null ? null : correct / n);
    }

    /// <summary>Writes theta (a float64 vector of the model's dimension) into the model's parameters.</summary>
    private static void Load(Model model, Tensor theta)
    {
        using var _ = no_grad();
        var parts = model.Split(theta);
        for (int j = 0; j < parts.Length; j++) model.Tensors[j].copy_(parts[j]);
    }
}

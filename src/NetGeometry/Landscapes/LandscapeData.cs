using NetGeometry.Models;

namespace NetGeometry.Landscapes;

/// <summary>
/// What a landscape is evaluated on: the loss, the batches it sums over (with the loss's reduction, as
/// <see cref="ModelObjective"/> does) and, for classification data, each batch's class labels, for the accuracy.
/// </summary>
/// <param name="Loss">The loss.</param>
/// <param name="Batches">The batches, in order.</param>
/// <param name="Labels">Each batch's int64 class labels, or null for regression data.</param>
internal sealed record LandscapeData(ModelLoss Loss, IReadOnlyList<Batch> Batches, IReadOnlyList<TorchSharp.torch.Tensor>? Labels)
{
    /// <summary>The examples of all batches.</summary>
    public long Count => Batches.Sum(b => b.Count);
}

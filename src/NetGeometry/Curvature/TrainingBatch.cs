using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;

namespace NetGeometry.Curvature;

/// <summary>
/// A built-in network's training data as the curvature operators take any model's: (INetwork, datasets, LossKind)
/// becomes (Model, ModelLoss, batches), each dataset checked against the network before it touches autograd (where a
/// shape mismatch would abort the process instead of throwing). A collection of datasets is checked here, at once; a
/// sequence that is not a collection is checked batch by batch as it is enumerated.
/// </summary>
internal static class TrainingBatch
{
    /// <summary>The loss of a <see cref="LossKind"/>: the same value, reduced over examples by a mean.</summary>
    public static ModelLoss Loss(LossKind loss) => loss == LossKind.CrossEntropy ? ModelLoss.CrossEntropy : ModelLoss.Square;

    /// <summary>Each dataset as a batch: its inputs, and its labels (cross-entropy) or targets (square loss).</summary>
    public static IEnumerable<Batch> Batches(INetwork network, IEnumerable<Dataset> data, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(data);
        var batches = data.Select(d => Of(network, d, loss));
        return data is IReadOnlyCollection<Dataset> ? batches.ToList() : batches;
    }

    private static Batch Of(INetwork network, Dataset data, LossKind loss)
    {
        Require(network, data, loss);
        return new Batch(data.Inputs, loss == LossKind.CrossEntropy ? data.Labels! : data.Targets);
    }

    private static void Require(INetwork network, Dataset data, LossKind loss)
    {
        InputException.Require(data.Count > 0, "the dataset is empty: curvature needs at least one example.");
        InputException.Require(data.InputDim == network.InputDim,
            $"the network takes {network.InputDim} inputs but the data have {data.InputDim} features.");
        InputException.Require(data.Inputs.dtype == network.DType, $"the data are {data.Inputs.dtype}, the network {network.DType}.");
        if (loss == LossKind.CrossEntropy)
        {
            InputException.Require(data.Labels is not null, "the cross-entropy loss needs class labels; these data are a regression set (use the square loss).");
            InputException.Require(data.ClassCount == network.OutputDim,
                $"the network has {network.OutputDim} outputs but the data have {data.ClassCount} classes.");
        }
        else
        {
            InputException.Require(data.OutputDim == network.OutputDim,
                $"the network has {network.OutputDim} outputs but the targets have {data.OutputDim} columns.");
            InputException.Require(data.Targets.dtype == network.DType, $"the targets are {data.Targets.dtype}, the network {network.DType}.");
        }
    }
}

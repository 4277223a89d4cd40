using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Curvature;

/// <summary>
/// The checks every loss-based operator makes on (network, data, loss) before it touches autograd, where a shape
/// mismatch would abort the process instead of throwing.
/// </summary>
internal static class TrainingBatch
{
    public static void Require(INetwork network, Dataset data, LossKind loss)
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

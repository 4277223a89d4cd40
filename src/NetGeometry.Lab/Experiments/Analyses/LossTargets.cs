using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// What a TorchScript model's loss is taken against on the data an analysis loaded for it (--data): the class labels
/// for cross-entropy, the targets otherwise. Cross-entropy asked of a regression data set is refused in one line.
/// </summary>
internal static class LossTargets
{
    public static Tensor Of(ModelLoss loss, Dataset train, DataSpec data)
    {
        InputException.Require(loss != ModelLoss.CrossEntropy || train.Labels is not null,
            $"--loss cross-entropy needs class labels, but --data {data.Source} is a regression data set; use --loss square.");
        return loss == ModelLoss.CrossEntropy ? train.Labels! : train.Targets;
    }
}

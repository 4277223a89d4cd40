using NetGeometry.Data;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Sensitivity;

/// <summary>
/// The error a sensitivity experiment reports for a network on a data set: the classification error
/// 1 - accuracy on a classification set (Zhang, Bengio &amp; Singer's "test error"), the loss (square or cross-entropy,
/// as the run trained with) on a regression set.
/// </summary>
public static class SensitivityError
{
    /// <summary>"error" (1 - accuracy) for classification data, "loss" otherwise.</summary>
    public static string Kind(Dataset data) => data.Labels is null ? "loss" : "error";

    public static double Of(INetwork network, Dataset data, LossKind loss)
    {
        using var outputs = Evaluation.Outputs(network, data);
        return Evaluation.AccuracyOf(outputs, data) is { } accuracy ? 1 - accuracy : Evaluation.LossOf(loss, outputs, data);
    }
}

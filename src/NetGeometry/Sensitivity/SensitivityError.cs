using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;

namespace NetGeometry.Sensitivity;

/// <summary>
/// The error a sensitivity experiment reports for a model on a data set: the classification error
/// 1 - accuracy on a classification set (Zhang, Bengio &amp; Singer's "test error"), the loss (square or cross-entropy,
/// as the run trained with) on a regression set.
/// </summary>
public static class SensitivityError
{
    /// <summary>"error" (1 - accuracy) for classification data, "loss" otherwise.</summary>
    public static string Kind(Dataset data) => data.Labels is null ? "loss" : "error";

    /// <summary>The model's error on the data, without a graph.</summary>
    public static double Of(Model model, SensitivityData data)
    {
        using var outputs = Evaluation.Outputs(model.Forward, data.Inputs);
        // Cross-entropy on a regression set is refused by the loss itself (it needs labels).
        var targets = data.Data.Targets;
        bool classification = data.Data.Labels is not null;
        InputException.Require(classification ? outputs.dim() == 2 : data.Loss != LossKind.Square || outputs.shape.SequenceEqual(targets.shape),
            $"the model's outputs have shape [{string.Join(", ", outputs.shape)}], but the error on {data.Data.Name} needs " +
            (classification ? "one row of class scores per example." : $"outputs shaped like its targets [{string.Join(", ", targets.shape)}]."));
        return Evaluation.AccuracyOf(outputs, data.Data) is { } accuracy ? 1 - accuracy : Evaluation.LossOf(data.Loss, outputs, data.Data);
    }
}

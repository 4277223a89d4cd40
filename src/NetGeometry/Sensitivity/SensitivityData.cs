using NetGeometry.Data;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Sensitivity;

/// <summary>
/// The examples a sensitivity experiment measures its error on: the data set (its targets and, for a classification
/// set, its labels), its inputs as the model takes them (the n x d matrix itself for a built-in network, or a view
/// shaped n x C x H x W by <see cref="Dataset.ShapedInputs"/> for a model that takes images), and the loss reported on a
/// regression set. The record does not own the tensors.
/// </summary>
/// <param name="Data">The examples, with their targets and, for a classification set, labels.</param>
/// <param name="Inputs">The examples' inputs shaped as the model takes them (first dimension n).</param>
/// <param name="Loss">The loss reported on a regression set.</param>
public sealed record SensitivityData(Dataset Data, Tensor Inputs, LossKind Loss)
{
    /// <summary>The data set with its own inputs (n x d), as a built-in network takes them.</summary>
    public static SensitivityData Of(Dataset data, LossKind loss) => new(data, data.Inputs, loss);
}

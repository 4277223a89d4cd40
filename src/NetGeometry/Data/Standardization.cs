using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Per-feature standardization z = (x - mean) / std with the mean and (population) standard deviation of the
/// TRAINING inputs, applied to the training and the test inputs alike, so the test set tells nothing to the
/// preprocessing. Features constant on the training set (std 0, e.g. image borders) are only centred.
/// </summary>
public static class Standardization
{
    /// <summary>A new split with standardized inputs; targets and labels are shared with the given one.</summary>
    public static DataSplit Apply(DataSplit split)
    {
        var (std, mean) = split.Train.Inputs.std_mean(0, unbiased: false, keepdim: true);
        using (mean)
        using (std)
        using (var constant = std.eq(Held(0.0)))
        {
            std.masked_fill_(constant, Held(1.0));
            Dataset Standardized(Dataset data) => data.Derive("inputs standardized per feature with the training set's mean and std",
                inputs: data.Inputs.sub(mean).div_(std));
            return new DataSplit(Standardized(split.Train), split.Test is null ? null : Standardized(split.Test));
        }
    }
}

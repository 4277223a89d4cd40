using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Targets for classification sets: one-hot rows (n x K, what the square loss of the over-parameterization papers
/// compares outputs with) or the class index itself as an n x 1 column, both float64.
/// </summary>
public static class ClassTargets
{
    /// <summary>Encodes int64 class labels (a vector of values in 0..classCount-1) as float64 targets.</summary>
    public static Tensor Encode(Tensor labels, int classCount, bool oneHot)
    {
        if (!oneHot)
        {
            using var values = labels.to_type(ScalarType.Float64);
            return values.unsqueeze(1);
        }
        using var rows = nn.functional.one_hot(labels, classCount);
        return rows.to_type(ScalarType.Float64);
    }

    /// <summary>A classification dataset: the targets are derived from the labels.</summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="inputs">n x d inputs, which the dataset takes over.</param>
    /// <param name="labels">int64 class labels (n) in 0..classCount-1, which the dataset takes over.</param>
    /// <param name="classCount">The number of classes K.</param>
    /// <param name="oneHot">One-hot targets (n x K), or the class index as an n x 1 column.</param>
    /// <param name="provenance">Where the data came from.</param>
    /// <param name="indices">Each example's index in its source (<see cref="Dataset.Indices"/>); null numbers them 0..n-1.</param>
    public static Dataset Create(string name, Tensor inputs, Tensor labels, int classCount, bool oneHot, string provenance,
        Tensor? indices = null) =>
        new(name, inputs, Encode(labels, classCount, oneHot), provenance, labels, classCount, indices);
}

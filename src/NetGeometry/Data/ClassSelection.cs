using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Which examples of a labelled set to keep: those of the chosen classes (renumbered 0..k-1 in the order the classes
/// are given), then the first <c>count</c> of them in file order.
/// </summary>
internal static class ClassSelection
{
    /// <param name="labels">int64 class of each example, in 0..classCount-1.</param>
    /// <param name="classCount">The number of classes of the full set.</param>
    /// <param name="classes">The classes to keep, or null for all (keeping their numbers).</param>
    /// <param name="count">How many examples to keep, or null for all of the chosen classes.</param>
    /// <param name="countField">The field <paramref name="count"/> came from (data.train or data.test), for messages.</param>
    /// <returns>The kept examples' indices, their (renumbered) labels and the number of kept classes.</returns>
    public static (Tensor Indices, Tensor Labels, int ClassCount) Select(Tensor labels, int classCount,
        IReadOnlyList<int>? classes, int? count, InputField countField)
    {
        Tensor indices, kept;
        if (classes is null)
        {
            indices = arange(Held(0), Held(labels.shape[0]), Held(1), dtype: ScalarType.Int64);
            kept = labels.alias();
        }
        else
        {
            using var map = tensor(Renumbering(classes, classCount));
            using var renumbered = map.index_select(0, labels);
            using var chosen = renumbered.ge(Held(0));
            using var nonzero = chosen.nonzero();
            indices = nonzero.squeeze(1);
            kept = renumbered.index_select(0, indices);
        }
        if (count is { } n)
        {
            long available = indices.shape[0];
            InputException.Require(n <= available,
                $"{countField} {n} is more than the {available} examples available{(classes is null ? "" : $" in classes {string.Join(",", classes)}")}; ask for at most {available}.");
            indices = Narrowed(indices, n);
            kept = Narrowed(kept, n);
        }
        return (indices, kept, classes?.Count ?? classCount);
    }

    /// <summary>The data section's field that chooses the classes (data.classes), for error messages.</summary>
    private static InputField Classes => DataFields.Classes;

    /// <summary>The new number of each original class (-1 for classes not kept).</summary>
    private static long[] Renumbering(IReadOnlyList<int> classes, int classCount)
    {
        InputException.Require(classes.Count > 0, $"{Classes}: give at least one class.");
        var map = Enumerable.Repeat(-1L, classCount).ToArray();
        for (int i = 0; i < classes.Count; i++)
        {
            int c = classes[i];
            InputException.Require(c >= 0 && c < classCount, $"{Classes}: {c} is not a class; classes are 0..{classCount - 1}.");
            InputException.Require(map[c] < 0, $"{Classes} lists {c} twice; give each class once.");
            map[c] = i;
        }
        return map;
    }

    private static Tensor Narrowed(Tensor t, long n)
    {
        using (t) return t.narrow(0, 0, n).clone();
    }
}

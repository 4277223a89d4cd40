using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// A batch of examples as the field passes them: inputs of any rank whose first dimension indexes the examples
/// (n x d, n x C x H x W, ...) and targets with the same first dimension (n x outputs for the square loss, n int64
/// class indices for cross-entropy, anything a custom loss takes). The batch does not own its tensors.
/// </summary>
/// <param name="Inputs">The inputs, first dimension n.</param>
/// <param name="Targets">The targets, first dimension n, in the form the loss takes.</param>
public readonly record struct Batch(Tensor Inputs, Tensor Targets)
{
    /// <summary>The number of examples n.</summary>
    public long Count => Inputs.shape[0];

    /// <summary>Throws an <see cref="InputException"/> unless inputs and targets have the same, non-zero, number of examples.</summary>
    internal void Check()
    {
        InputException.Require(Inputs.dim() >= 1 && Targets.dim() >= 1 && Inputs.shape[0] > 0,
            "a batch needs at least one example, with inputs and targets indexed by their first dimension.");
        InputException.Require(Inputs.shape[0] == Targets.shape[0],
            $"a batch has {Inputs.shape[0]} inputs but {Targets.shape[0]} targets.");
    }

    /// <summary>
    /// Visits each batch of a sequence in order, each in its own dispose scope made before the batch is drawn, so
    /// tensors a generator makes for a batch, and everything <paramref name="visit"/> leaves in the scope, are freed
    /// before the next batch: peak memory is set by the batch, not by the number of examples. Each batch is checked
    /// (<see cref="Check"/>) and visited with the index of its first example among all batches. Returns the number of
    /// examples of all batches (0 when there are none).
    /// </summary>
    public static long ForEach(IEnumerable<Batch> batches, Action<Batch, long> visit)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long first = 0;
        using var enumerator = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext()) return first;
            var batch = enumerator.Current;
            batch.Check();
            visit(batch, first);
            first += batch.Count;
        }
    }

    /// <summary>Splits whole data (inputs and targets, first dimension n) into consecutive batches of at most <paramref name="size"/> examples (views, no copy).</summary>
    public static IReadOnlyList<Batch> Split(Tensor inputs, Tensor targets, long size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), $"a batch size must be positive, got {size}.");
        new Batch(inputs, targets).Check();
        var batches = new List<Batch>();
        for (long start = 0; start < inputs.shape[0]; start += size)
        {
            long n = Math.Min(size, inputs.shape[0] - start);
            batches.Add(new Batch(inputs.narrow(0, start, n), targets.narrow(0, start, n)));
        }
        return batches;
    }
}

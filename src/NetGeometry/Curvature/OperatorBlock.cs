using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// What the block products A V (<see cref="ILinearOperator.ApplyBlock"/>) share: the check of the block before any
/// autograd call (where a shape or dtype mismatch aborts the process instead of throwing), the memory check of the
/// k-column temporaries, and the column loop for products that take one vector at a time.
/// </summary>
internal static class OperatorBlock
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> unless V is a Dimension x k matrix (k at least 1) of the operator's
    /// dtype, and an <see cref="InputException"/> when <paramref name="copies"/> blocks of its size exceed the memory
    /// budget (<see cref="MemoryBudget"/>).
    /// </summary>
    public static void Require(Tensor block, ILinearOperator op, int copies)
    {
        if (block.dim() != 2 || block.shape[0] != op.Dimension || block.shape[1] < 1)
            throw new ArgumentException($"a block must have shape [{op.Dimension}, k] with k >= 1, got [{string.Join(", ", block.shape)}].");
        if (block.dtype != op.DType)
            throw new ArgumentException($"a block must be {op.DType}, got {block.dtype}.");
        MemoryBudget.Require(8.0 * copies * block.shape[0] * block.shape[1], $"a block product of {block.shape[1]} vectors of length {op.Dimension}");
    }

    /// <summary>Columns an estimator hands to one block product: its temporaries stay a few times Width vectors, however
    /// many columns the estimator needs. 4, measured: over batches of 1000 images the loss Hessian and the Gauss-Newton
    /// matrix of a 784-512-512-1 MLP took 1.35x and 1.39x more vectors per second in blocks of 4 than one at a time,
    /// 1.29x and 1.02x in blocks of 16 (docs/benchmarks.md, "Block products").</summary>
    public const int Width = 4;

    /// <summary>A V for a V of any number of columns, one <see cref="ILinearOperator.ApplyBlock"/> per <see cref="Width"/> columns.</summary>
    public static Tensor Apply(ILinearOperator op, Tensor block)
    {
        if (block.dim() == 2 && block.shape[1] <= Width) return op.ApplyBlock(block);
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < block.shape[1]; start += Width)
            parts.Add(op.ApplyBlock(block.narrow(1, start, Math.Min(Width, block.shape[1] - start))));
        return cat(parts, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The results of <paramref name="product"/> on each column, side by side as the columns of a new matrix.</summary>
    public static Tensor Columns<TColumn>(IReadOnlyList<TColumn> columns, Func<TColumn, Tensor> product)
    {
        using var scope = NewDisposeScope();
        return stack(columns.Select(product).ToList(), 1).MoveToOuterDisposeScope();
    }

    /// <summary>A v_j for each column v_j of V, one <paramref name="product"/> at a time.</summary>
    public static Tensor ColumnLoop(Tensor block, Func<Tensor, Tensor> product) =>
        Columns(Enumerable.Range(0, (int)block.shape[1]).ToList(), j => product(block.select(1, j)));
}

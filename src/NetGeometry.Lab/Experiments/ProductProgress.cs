using NetGeometry.Curvature;
using static TorchSharp.torch;

namespace NetGeometry.Experiments;

/// <summary>Products done in a stage of long work whose estimator reports nothing itself (Hutch++'s trace, stochastic
/// Lanczos quadrature's density): the stage's name, the products so far, and the products it will take in all.</summary>
/// <param name="Stage">What the products are for, e.g. "trace (Hutch++)".</param>
/// <param name="Products">Products done so far in the stage.</param>
/// <param name="Limit">The products the stage takes in all (at most: an estimator may stop early on a small operator).</param>
public sealed record ProductProgress(string Stage, int Products, int Limit);

/// <summary>
/// An operator that passes every product to <paramref name="inner"/> and reports the products done (a block counts
/// its columns) to <paramref name="progress"/>, so that estimators without a progress callback can be followed.
/// Block products stay block products: <see cref="ApplyBlock"/> goes to the inner operator's.
/// </summary>
internal sealed class ReportingOperator(ILinearOperator inner, string stage, int limit, IProgress<ProductProgress> progress) : ILinearOperator
{
    private int products;

    public long Dimension => inner.Dimension;

    public ScalarType DType => inner.DType;

    public Device Device => inner.Device;

    public Tensor Apply(Tensor v) => Counted(inner.Apply(v), 1);

    public Tensor ApplyBlock(Tensor block) => Counted(inner.ApplyBlock(block), (int)block.shape[1]);

    /// <summary><paramref name="op"/> itself without <paramref name="progress"/>, else one that reports to it.</summary>
    public static ILinearOperator Around(ILinearOperator op, string stage, int limit, IProgress<ProductProgress>? progress) =>
        progress is null ? op : new ReportingOperator(op, stage, limit, progress);

    private Tensor Counted(Tensor product, int columns)
    {
        products += columns;
        progress.Report(new ProductProgress(stage, products, limit));
        return product;
    }
}

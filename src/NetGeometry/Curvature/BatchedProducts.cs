using NetGeometry.Engine;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// How every data-dependent curvature operator (loss Hessian, Gauss-Newton, empirical Fisher, Jacobian) takes its
/// products over a sequence of batches, as curvlinops' operators do over a data loader: for each product, each batch in
/// turn is pushed through the model and its graph built (forward, then e.g. a gradient with create_graph), the batch's
/// product taken, and everything the batch made disposed before the next batch (<see cref="Batch.ForEach"/>), so peak
/// memory is set by the batch size, not by the number of examples n. Products linear in the loss are summed with the
/// loss's reduction as <see cref="ModelObjective.Sum"/> sums them (a mean: batch b weighs n_b / n; a sum: weight 1).
/// The sequence is enumerated once per product, so it may be a list or a generator. When the data are a collection of
/// one batch, its graph is built once, here, and reused by every product (the fast path: one backward pass per
/// product, no forward).
/// </summary>
/// <typeparam name="TGraph">What one batch's products need (e.g. its gradient with its graph); disposing it frees the graph.</typeparam>
internal sealed class BatchedProducts<TGraph> : IDisposable where TGraph : class, IDisposable
{
    private readonly IEnumerable<Batch> batches;
    private readonly Func<Batch, TGraph> build;
    private readonly TGraph? single;
    private readonly long singleCount;

    /// <param name="batches">The data; a collection is checked here, and a collection of one is built here once.</param>
    /// <param name="build">One batch's graph; tensors it leaves in the current dispose scope are freed after the batch.</param>
    public BatchedProducts(IEnumerable<Batch> batches, Func<Batch, TGraph> build)
    {
        this.batches = batches ?? throw new ArgumentNullException(nameof(batches));
        this.build = build;
        if (batches is not IReadOnlyCollection<Batch> collection) return;
        InputException.Require(collection.Count > 0, "there are no batches: curvature needs at least one example.");
        foreach (var batch in collection) batch.Check();
        if (collection.Count != 1) return;
        using var scope = NewDisposeScope();
        var only = collection.First();
        single = build(only);
        singleCount = only.Count;
    }

    /// <summary>sum_b w_b product(graph_b) / W with the loss's weights (<see cref="ModelObjective.Sum"/>).</summary>
    public Tensor Sum(Func<TGraph, Tensor> product, ModelLoss loss) =>
        single is not null ? product(single) : ModelObjective.Sum(loss, batches, batch =>
        {
            using var graph = build(batch);
            return product(graph);
        });

    /// <summary>
    /// Visits each batch's graph in order with the index of its first example, inside a dispose scope of its own (move
    /// out what is kept); returns the number of examples.
    /// </summary>
    public long Visit(Action<TGraph, long> visit)
    {
        if (single is not null)
        {
            using var scope = NewDisposeScope();
            visit(single, 0);
            return singleCount;
        }
        long n = Batch.ForEach(batches, (batch, first) =>
        {
            using var graph = build(batch);
            visit(graph, first);
        });
        InputException.Require(n > 0, "there are no batches: curvature needs at least one example.");
        return n;
    }

    /// <summary>Frees the graph of a single batch.</summary>
    public void Dispose() => single?.Dispose();
}

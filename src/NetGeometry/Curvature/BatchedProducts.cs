using NetGeometry.Data;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// How every data-dependent curvature operator (loss Hessian, Gauss-Newton, empirical Fisher, Jacobian) sums its
/// products over a sequence of batches, as curvlinops' operators do over a data loader: for each product, each batch in
/// turn is pushed through the network and its graph built (forward, then a gradient with create_graph), the batch's
/// product taken, and everything the batch made disposed before the next batch, so peak memory is set by the batch
/// size, not by the number of examples n. A batch's loss is the mean over its own examples, so a batch of n_b
/// examples weighs n_b / n in the loss over all of them (mean products). The sequence is enumerated once per product,
/// so it may be a list or a generator: tensors the generator makes while producing a batch are freed with that batch.
/// When the data are a collection of one batch, its graph is built once, here, and reused by every product (the fast
/// path: one backward pass per product, no forward).
/// </summary>
/// <typeparam name="TGraph">What one batch's products need (e.g. its gradient with its graph); disposing it frees the graph.</typeparam>
internal sealed class BatchedProducts<TGraph> : IDisposable where TGraph : class, IDisposable
{
    private readonly IEnumerable<Dataset> batches;
    private readonly Action<Dataset> check;
    private readonly Func<Dataset, TGraph> build;
    private readonly TGraph? single;

    /// <param name="batches">The data; a collection is checked here, and a collection of one is built here once.</param>
    /// <param name="check">Throws an <see cref="InputException"/> for a batch autograd cannot take (run before any graph).</param>
    /// <param name="build">One batch's graph; tensors it leaves in the current dispose scope are freed after the batch.</param>
    public BatchedProducts(IEnumerable<Dataset> batches, Action<Dataset> check, Func<Dataset, TGraph> build)
    {
        this.batches = batches ?? throw new ArgumentNullException(nameof(batches));
        this.check = check;
        this.build = build;
        if (batches is not IReadOnlyCollection<Dataset> collection) return;
        InputException.Require(collection.Count > 0, "there are no batches: curvature needs at least one example.");
        foreach (var batch in collection) check(batch);
        if (collection.Count == 1)
        {
            using var scope = NewDisposeScope();
            single = build(collection.First());
        }
    }

    private BatchedProducts(TGraph single)
    {
        batches = Array.Empty<Dataset>();
        check = _ => { };
        build = _ => throw new InvalidOperationException("a single graph has no batches to build.");
        this.single = single;
    }

    /// <summary>Products of one graph built by the caller (the operator takes ownership of it).</summary>
    public static BatchedProducts<TGraph> Of(TGraph graph) => new(graph);

    /// <summary>
    /// sum_b w_b product(graph_b, first row of b), with w_b = n_b / n when <paramref name="mean"/> (quantities linear in
    /// the mean loss: Hessian-vector products, gradients) and w_b = 1 otherwise (J^T u).
    /// </summary>
    public Tensor Sum(Func<TGraph, long, Tensor> product, bool mean)
    {
        if (single is not null) return product(single, 0);
        Tensor? total = null;
        long n = Visit((graph, batch, first) =>
        {
            var part = product(graph, first);
            if (mean) part.mul_((double)batch.Count);
            if (total is null) total = part.MoveToOuterDisposeScope();
            else total.add_(part);
        });
        return mean ? total!.div_((double)n) : total!;
    }

    /// <summary>The per-batch products laid end to end along their first dimension (J v: one row block per batch).</summary>
    public Tensor Concatenate(Func<TGraph, Tensor> product)
    {
        if (single is not null) return product(single);
        var parts = new List<Tensor>();
        try
        {
            Visit((graph, _, _) => parts.Add(product(graph).MoveToOuterDisposeScope()));
            return cat(parts, 0);
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }

    /// <summary>Builds, visits and frees each batch's graph in turn; returns the number of examples.</summary>
    private long Visit(Action<TGraph, Dataset, long> visit)
    {
        long first = 0;
        using var enumerator = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext()) break;
            var batch = enumerator.Current;
            check(batch);
            using var graph = build(batch);
            visit(graph, batch, first);
            first += batch.Count;
        }
        InputException.Require(first > 0, "there are no batches: curvature needs at least one example.");
        return first;
    }

    public void Dispose() => single?.Dispose();
}

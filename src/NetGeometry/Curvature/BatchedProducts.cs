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
/// product, no forward). A collection of several batches can keep graphs too, up to <see cref="KeepBytes"/> of them
/// (0 by default: memory flat in n): the first product keeps the graphs of the first batches as long as the process's
/// resident memory, measured after each is built, has grown by at most that since the first was started, and later
/// products reuse them, rebuilding only the rest. A kept graph gives the very numbers a rebuilt one does.
/// </summary>
/// <typeparam name="TGraph">What one batch's products need (e.g. its gradient with its graph); disposing it frees the graph.</typeparam>
internal sealed class BatchedProducts<TGraph> : IDisposable where TGraph : class, IDisposable
{
    private readonly IEnumerable<Batch> batches;
    private readonly Func<Batch, TGraph> build;
    private readonly TGraph? single;
    private readonly long singleCount;
    private readonly List<TGraph> kept = new();
    private readonly bool isCollection;
    private long keptFrom;

    /// <param name="batches">The data; a collection is checked here, and a collection of one is built here once.</param>
    /// <param name="build">One batch's graph; tensors it leaves in the current dispose scope are freed after the batch.</param>
    public BatchedProducts(IEnumerable<Batch> batches, Func<Batch, TGraph> build)
    {
        this.batches = batches ?? throw new ArgumentNullException(nameof(batches));
        this.build = build;
        if (batches is not IReadOnlyCollection<Batch> collection) return;
        isCollection = true;
        InputException.Require(collection.Count > 0, "there are no batches: curvature needs at least one example.");
        foreach (var batch in collection) batch.Check();
        if (collection.Count != 1) return;
        using var scope = NewDisposeScope();
        var only = collection.First();
        single = build(only);
        singleCount = only.Count;
    }

    /// <summary>
    /// The most resident memory the kept graphs of a collection of several batches may take, in bytes (0: none kept, each
    /// graph freed after its batch). Graphs already kept stay; a sequence that is not a collection keeps none, since it
    /// may yield other batches on the next pass.
    /// </summary>
    public double KeepBytes { get; set; }

    /// <summary>How many batch graphs are kept across products (the single batch's included).</summary>
    public int Kept => single is not null ? 1 : kept.Count;

    /// <summary>sum_b w_b product(graph_b) / W with the loss's weights (<see cref="ModelObjective.Sum"/>).</summary>
    public Tensor Sum(Func<TGraph, Tensor> product, ModelLoss loss)
    {
        if (single is not null) return product(single);
        int index = 0;
        return ModelObjective.Sum(loss, batches, batch => Use(batch, index++, product));
    }

    /// <summary>Batch number <paramref name="index"/>'s graph put to use: the kept one, or one built now, kept when it is
    /// the next to keep and the process's resident memory, measured after building it, has grown by at most
    /// <see cref="KeepBytes"/> since the first kept graph was started; freed after use otherwise.</summary>
    private T Use<T>(Batch batch, int index, Func<TGraph, T> use)
    {
        if (index < kept.Count) return use(kept[index]);
        bool candidate = isCollection && KeepBytes > 0 && index == kept.Count;
        if (candidate && kept.Count == 0) keptFrom = Environment.WorkingSet;
        var graph = build(batch);
        if (candidate && Environment.WorkingSet - keptFrom <= KeepBytes)
        {
            kept.Add(graph);
            return use(graph);
        }
        using (graph)
            return use(graph);
    }

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
        int index = 0;
        long n = Batch.ForEach(batches, (batch, first) => Use(batch, index++, graph =>
        {
            visit(graph, first);
            return first;
        }));
        InputException.Require(n > 0, "there are no batches: curvature needs at least one example.");
        return n;
    }

    /// <summary>Frees the kept graphs.</summary>
    public void Dispose()
    {
        single?.Dispose();
        foreach (var graph in kept) graph.Dispose();
        kept.Clear();
    }
}

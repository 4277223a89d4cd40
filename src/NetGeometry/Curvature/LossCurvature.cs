using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// What the curvature matrices of a loss share (<see cref="LossHessian"/>, <see cref="GaussNewton"/>,
/// <see cref="EmpiricalFisher"/>): a matrix on the parameter space of a <see cref="Models.Model"/> (theta's layout), of
/// the loss over a sequence of batches, known through its products. Each product A v is sum_b w_b A_b v / W, A_b the
/// matrix of batch b's own loss and the weights those of the loss's reduction (<see cref="ModelObjective.Sum"/>: a mean
/// loss weighs batch b by n_b / n, a sum by 1), taken one batch's graph at a time
/// (<see cref="BatchedProducts{TGraph}"/>); a collection of one batch is built once, at construction, and reused.
/// Dispose the operator to free that graph.
/// </summary>
public abstract class LossCurvature : ILinearOperator, IDisposable
{
    private readonly BatchedProducts<IBatchCurvature> products;

    private protected LossCurvature(Model model, ModelLoss loss, IEnumerable<Batch> batches, Func<Batch, IBatchCurvature> build)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Loss = loss ?? throw new ArgumentNullException(nameof(loss));
        products = new BatchedProducts<IBatchCurvature>(batches, build);
    }

    /// <summary>The model whose measured parameters span the space (the operator does not own it).</summary>
    public Model Model { get; }

    /// <summary>The loss, whose reduction says how products add up over batches.</summary>
    public ModelLoss Loss { get; }

    /// <summary>
    /// The most memory, in bytes, the operator may keep batch graphs in across products (0, the default: over several
    /// batches each graph is built for a product and freed, so memory does not grow with the number of examples). With a
    /// budget, the first product keeps the first batches' graphs (forward pass and gradient graph, or factors) while the
    /// process's resident memory has grown by less than that, and every later product reuses them: on the whole
    /// Fashion-MNIST training set a loss-Hessian product then skips most forward passes and gradient graphs
    /// (docs/benchmarks.md). The products are the same numbers either way. Set it before the first product; it must fit
    /// the memory budget (<see cref="Engine.MemoryBudget"/>).
    /// </summary>
    /// <exception cref="Engine.InputException">Negative, or beyond the memory budget.</exception>
    public double GraphMemory
    {
        get => products.KeepBytes;
        set
        {
            Engine.InputException.Require(value >= 0 && double.IsFinite(value), $"the graph memory must be a size of at least 0 bytes, got {value}.");
            Engine.MemoryBudget.Require(value, "keeping batch graphs across products");
            products.KeepBytes = value;
        }
    }

    /// <summary>How many batches' graphs the operator keeps across products: 1 for a single batch, up to all of them with
    /// <see cref="GraphMemory"/>.</summary>
    public int KeptGraphs => products.Kept;

    /// <summary>The length of theta.</summary>
    public long Dimension => Model.Dimension;

    /// <summary>float64, the model's.</summary>
    public ScalarType DType => Model.DType;

    /// <summary>The device of the model's parameters.</summary>
    public Device Device => Model.Device;

    /// <summary>A v for v in theta's layout (a float64 vector of length Dimension; anything else is an <see cref="ArgumentException"/>).</summary>
    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var pieces = Model.Split(v);
        return products.Sum(graph => graph.Times(pieces), Loss).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A V for a block V (Dimension x k, float64), in one pass over the batches: each batch's graph is built once and all
    /// k columns are taken through it before it is freed, A V = sum_b w_b A_b V / W, so over several batches the forward
    /// pass and the graph (a gradient with create_graph, or J and H_L) cost once per block instead of once per vector.
    /// Anything but a Dimension x k float64 matrix is an <see cref="ArgumentException"/>.
    /// </summary>
    /// <exception cref="Engine.InputException">The block's temporaries (a few copies of V) exceed the memory budget.</exception>
    public Tensor ApplyBlock(Tensor block)
    {
        OperatorBlock.Require(block, this, copies: 4);
        using var scope = NewDisposeScope();
        var columns = Enumerable.Range(0, (int)block.shape[1]).Select(j => (IReadOnlyList<Tensor>)Model.Split(block.select(1, j))).ToList();
        return products.Sum(graph => graph.TimesBlock(columns), Loss).MoveToOuterDisposeScope();
    }

    /// <summary>Frees the kept graphs.</summary>
    public void Dispose() => products.Dispose();
}

/// <summary>One batch's matrix A_b through its graph: what a <see cref="LossCurvature"/> keeps per batch.</summary>
internal interface IBatchCurvature : IDisposable
{
    /// <summary>A_b v for v given as one piece per measured parameter tensor, in theta's layout.</summary>
    Tensor Times(IReadOnlyList<Tensor> pieces);

    /// <summary>
    /// A_b V for the columns of V, each given as pieces as <see cref="Times"/> takes them: a Dimension x k matrix. The
    /// default takes the columns through the kept graph one after another (for a Hessian, k backward passes through one
    /// gradient graph: TorchSharp's autograd.grad has no batched grad outputs); a graph that can do better overrides it.
    /// </summary>
    Tensor TimesBlock(IReadOnlyList<IReadOnlyList<Tensor>> columns) => OperatorBlock.Columns(columns, Times);
}

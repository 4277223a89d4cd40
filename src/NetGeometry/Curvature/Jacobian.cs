using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Jacobian J = df/dtheta of a model's outputs on a sequence of batches (the outputs f_b of each batch laid end to
/// end along the examples), through its two products: the vector-Jacobian product J^T u is one backward pass; the
/// Jacobian-vector product J v, which needs forward mode that TorchSharp lacks, comes from double backward: z(w) = J^T w
/// is built once with a graph in a dummy w, and since z is linear in w, d(z(w) . v)/dw = J v for any w (Townsend 2017,
/// "A new trick for calculating Jacobian vector products"). Over batches, J v is the J_b v laid end to end and
/// J^T u = sum_b J_b^T u_b, each batch's graph built and freed in turn (<see cref="BatchedProducts{TGraph}"/>), so
/// memory follows the batch; a collection of one batch is built once, here. The batches' targets are not used.
/// </summary>
public sealed class Jacobian : IDisposable
{
    private readonly BatchedProducts<JacobianGraph> products;

    /// <param name="model">The model; its measured parameters span the space.</param>
    /// <param name="batches">The data, enumerated once per product (a collection of one batch: its graph is built once, here).</param>
    public Jacobian(Model model, IEnumerable<Batch> batches)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        products = new BatchedProducts<JacobianGraph>(batches, batch => new JacobianGraph(model.Forward(batch.Inputs), model));
    }

    /// <summary>The model whose measured parameters span the space (the Jacobian does not own it).</summary>
    public Model Model { get; }

    /// <summary>J v for a vector v in theta's layout: the outputs' shape, examples of all batches in order along the first dimension.</summary>
    public Tensor Times(Tensor v)
    {
        using var scope = NewDisposeScope();
        var pieces = Model.Split(v);
        var parts = new List<Tensor>();
        products.Visit((graph, _) => parts.Add(graph.Times(pieces).MoveToOuterDisposeScope()));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>J^T u for u shaped like the outputs of all batches (first dimension: every example): a vector in theta's layout.</summary>
    /// <exception cref="ArgumentException">u does not have one row per example of the batches, or differs from the outputs in its other dimensions or dtype.</exception>
    public Tensor TransposeTimes(Tensor u)
    {
        using var scope = NewDisposeScope();
        Tensor? total = null;
        long rows = products.Visit((graph, first) =>
        {
            if (u.dim() == 0 || first + graph.Rows > u.shape[0])
                throw new ArgumentException($"J^T u needs u with {first + graph.Rows} or more rows, got [{string.Join(", ", u.shape)}].");
            var part = graph.TransposeTimes(u.narrow(0, first, graph.Rows));
            if (total is null) total = part.MoveToOuterDisposeScope();
            else total.add_(part, Held(1));
        });
        if (rows != u.shape[0])
            throw new ArgumentException($"J^T u needs u with {rows} rows (the examples of all batches), got [{string.Join(", ", u.shape)}].");
        return total!.MoveToOuterDisposeScope();
    }

    /// <summary>Frees the graph of a single batch.</summary>
    public void Dispose() => products.Dispose();
}

/// <summary>
/// One tensor F's Jacobian products through one graph: what <see cref="Jacobian"/>, <see cref="GaussNewton"/> (F: a
/// batch's outputs) and <see cref="EmpiricalFisher"/> (F: a batch's per-example losses) keep per batch.
/// </summary>
internal sealed class JacobianGraph : IDisposable
{
    private readonly Tensor output;
    private readonly Tensor dual;
    private readonly Tensor[] transposeProduct;
    private readonly Model model;

    /// <param name="output">F, computed from the parameters with a graph (this takes a handle to it).</param>
    /// <param name="model">The model whose measured parameters F is differentiated in.</param>
    public JacobianGraph(Tensor output, Model model)
    {
        this.model = model;
        this.output = output.alias().DetachFromDisposeScope();
        dual = zeros_like(output).requires_grad_(true).DetachFromDisposeScope();
        transposeProduct = Derivatives.Backward(new[] { output }, model.Tensors, new[] { dual }, createGraph: true)
            .Select(t => t.DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The size of F's first dimension (the examples of its batch).</summary>
    public long Rows => output.dim() == 0 ? 1 : output.shape[0];

    /// <summary>J v, shaped like F, for v given as one piece per parameter tensor.</summary>
    public Tensor Times(IReadOnlyList<Tensor> pieces)
    {
        using var scope = NewDisposeScope();
        var jv = Derivatives.Backward(transposeProduct, new[] { dual }, pieces)[0];
        return jv.MoveToOuterDisposeScope();
    }

    /// <summary>J^T u for u shaped like F: a vector in theta's layout.</summary>
    public Tensor TransposeTimes(Tensor u)
    {
        if (!u.shape.SequenceEqual(output.shape) || u.dtype != output.dtype)
            throw new ArgumentException($"J^T u needs u of shape [{string.Join(", ", output.shape)}] and dtype {output.dtype}, got [{string.Join(", ", u.shape)}] {u.dtype}.");
        using var scope = NewDisposeScope();
        var jtu = Derivatives.Backward(new[] { output }, model.Tensors, new[] { u });
        return model.Flatten(jtu).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in transposeProduct) t.Dispose();
        dual.Dispose();
        output.Dispose();
    }
}

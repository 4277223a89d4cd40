using NetGeometry.Data;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Jacobian J = dF/dtheta (N x Dimension) of a tensor F(theta) with N entries, through its two products: the
/// vector-Jacobian product J^T u is one backward pass; the Jacobian-vector product J v, which needs forward mode
/// that TorchSharp lacks, comes from double backward: z(w) = J^T w is built once with a graph in a dummy w, and since
/// z is linear in w, d(z(w) . v)/dw = J v for any w (Townsend 2017, "A new trick for calculating Jacobian vector
/// products"). F may be given whole (one graph, kept until disposed) or over a sequence of batches, F the per-batch
/// values F_b stacked along the first dimension: then J v is the J_b v laid end to end and J^T u = sum_b J_b^T u_b,
/// each batch's graph built and freed in turn (<see cref="BatchedProducts{TGraph}"/>), so memory follows the batch.
/// </summary>
public sealed class Jacobian : IDisposable
{
    private readonly BatchedProducts<JacobianGraph> products;

    /// <param name="output">F, computed from the parameters with a graph (the Jacobian takes a handle to it).</param>
    public Jacobian(Tensor output, ParameterVector parameters)
    {
        Parameters = parameters;
        products = BatchedProducts<JacobianGraph>.Of(new JacobianGraph(output, parameters));
    }

    /// <param name="batches">The data, enumerated once per product (one batch: its graph is built once, here).</param>
    /// <param name="function">F_b of a batch, computed from the parameters with a graph; first dimension: the batch's examples.</param>
    /// <param name="check">Throws for a batch the function cannot take, before any autograd call (default: none).</param>
    public Jacobian(ParameterVector parameters, IEnumerable<Dataset> batches, Func<Dataset, Tensor> function, Action<Dataset>? check = null)
    {
        Parameters = parameters;
        products = new BatchedProducts<JacobianGraph>(batches, check ?? (_ => { }), batch => new JacobianGraph(function(batch), parameters));
    }

    public ParameterVector Parameters { get; }

    /// <summary>J v for a parameter-space vector v: a tensor shaped like F.</summary>
    public Tensor Times(Tensor v)
    {
        using var scope = NewDisposeScope();
        var pieces = Parameters.Split(v);
        return products.Concatenate(graph => graph.Times(pieces)).MoveToOuterDisposeScope();
    }

    /// <summary>J^T u for u shaped like F: a parameter-space vector.</summary>
    public Tensor TransposeTimes(Tensor u)
    {
        long rows = 0;
        var jtu = products.Sum((graph, first) =>
        {
            rows = first + graph.Rows;
            if (first == 0 && u.shape.SequenceEqual(graph.Shape)) return graph.TransposeTimes(u);
            if (u.dim() == 0 || rows > u.shape[0])
                throw new ArgumentException($"J^T u needs u with {rows} or more rows, got [{string.Join(", ", u.shape)}].");
            using var block = u.narrow(0, first, graph.Rows);
            return graph.TransposeTimes(block);
        }, mean: false);
        if (rows != JacobianGraph.RowsOf(u))
        {
            jtu.Dispose();
            throw new ArgumentException($"J^T u needs u with {rows} rows (the examples of all batches), got [{string.Join(", ", u.shape)}].");
        }
        return jtu;
    }

    public void Dispose() => products.Dispose();
}

/// <summary>One tensor F's Jacobian products through one graph: what <see cref="Jacobian"/> and the operators built on it keep per batch.</summary>
internal sealed class JacobianGraph : IDisposable
{
    private readonly Tensor output;
    private readonly Tensor dual;
    private readonly Tensor[] transposeProduct;
    private readonly ParameterVector parameters;

    /// <param name="output">F, computed from the parameters with a graph (this takes a handle to it).</param>
    public JacobianGraph(Tensor output, ParameterVector parameters)
    {
        this.parameters = parameters;
        this.output = output.alias().DetachFromDisposeScope();
        dual = zeros_like(output).requires_grad_(true).DetachFromDisposeScope();
        transposeProduct = Derivatives.Backward(new[] { output }, parameters.Tensors, new[] { dual }, createGraph: true)
            .Select(t => t.DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The shape of F.</summary>
    public long[] Shape => output.shape;

    /// <summary>The size of F's first dimension (the examples of its batch; 1 for a scalar).</summary>
    public long Rows => RowsOf(output);

    public static long RowsOf(Tensor t) => t.dim() == 0 ? 1 : t.shape[0];

    /// <summary>J v, shaped like F, for v given as one piece per parameter tensor.</summary>
    public Tensor Times(IReadOnlyList<Tensor> pieces)
    {
        using var scope = NewDisposeScope();
        var jv = Derivatives.Backward(transposeProduct, new[] { dual }, pieces)[0];
        return jv.MoveToOuterDisposeScope();
    }

    /// <summary>J^T u for u shaped like F: a parameter-space vector.</summary>
    public Tensor TransposeTimes(Tensor u)
    {
        if (!u.shape.SequenceEqual(output.shape) || u.dtype != output.dtype)
            throw new ArgumentException($"J^T u needs u of shape [{string.Join(", ", output.shape)}] and dtype {output.dtype}, got [{string.Join(", ", u.shape)}] {u.dtype}.");
        using var scope = NewDisposeScope();
        var jtu = Derivatives.Backward(new[] { output }, parameters.Tensors, new[] { u });
        return parameters.Flatten(jtu).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in transposeProduct) t.Dispose();
        dual.Dispose();
        output.Dispose();
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Jacobian J = dF/dtheta (N x Dimension) of a tensor F(theta) with N entries, through its two products: the
/// vector-Jacobian product J^T u is one backward pass; the Jacobian-vector product J v, which needs forward mode
/// that TorchSharp lacks, comes from double backward: z(w) = J^T w is built once with a graph in a dummy w, and since
/// z is linear in w, d(z(w) . v)/dw = J v for any w (Townsend 2017, "A new trick for calculating Jacobian vector
/// products"). Both products reuse F's graph, which the Jacobian keeps until disposed.
/// </summary>
public sealed class Jacobian : IDisposable
{
    private readonly Tensor output;
    private readonly Tensor dual;
    private readonly Tensor[] transposeProduct;

    /// <param name="output">F, computed from the parameters with a graph (the Jacobian takes a handle to it).</param>
    public Jacobian(Tensor output, ParameterVector parameters)
    {
        Parameters = parameters;
        this.output = output.alias().DetachFromDisposeScope();
        dual = zeros_like(output).requires_grad_(true).DetachFromDisposeScope();
        transposeProduct = Derivatives.Backward(new[] { output }, parameters.Tensors, new[] { dual }, createGraph: true)
            .Select(t => t.DetachFromDisposeScope()).ToArray();
    }

    public ParameterVector Parameters { get; }

    /// <summary>The shape of F (and of J v).</summary>
    public long[] OutputShape => output.shape;

    /// <summary>J v for a parameter-space vector v: a tensor shaped like F.</summary>
    public Tensor Times(Tensor v)
    {
        using var scope = NewDisposeScope();
        var jv = Derivatives.Backward(transposeProduct, new[] { dual }, Parameters.Split(v))[0];
        return jv.MoveToOuterDisposeScope();
    }

    /// <summary>J^T u for u shaped like F: a parameter-space vector.</summary>
    public Tensor TransposeTimes(Tensor u)
    {
        if (!u.shape.SequenceEqual(output.shape) || u.dtype != output.dtype)
            throw new ArgumentException($"J^T u needs u of shape [{string.Join(", ", output.shape)}] and dtype {output.dtype}, got [{string.Join(", ", u.shape)}] {u.dtype}.");
        using var scope = NewDisposeScope();
        var jtu = Derivatives.Backward(new[] { output }, Parameters.Tensors, new[] { u });
        return Parameters.Flatten(jtu).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in transposeProduct) t.Dispose();
        dual.Dispose();
        output.Dispose();
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian H = d^2 s / d theta^2 of a scalar s(theta) of a network's parameters, known through its products.
/// The gradient g = ds/dtheta is built with its graph (create_graph); each product is then one more backward
/// pass through that graph, H v = d(g . v)/dtheta (Pearlmutter 1994, "Fast exact multiplication by the Hessian",
/// eq. 1-2; the double-backward form PyHessian uses, Yao et al. 2020, section 3). s is either one scalar, whose
/// gradient is built once and reused by every product, or the mean loss over a sequence of batches: then each product
/// builds, uses and frees one batch's gradient graph at a time, H v = sum_b (n_b / n) H_b v
/// (<see cref="BatchedProducts{TGraph}"/>; one batch is built once, as one scalar is). Made by
/// <see cref="LossHessian"/> (s = the training loss) and <see cref="OutputHessian"/> (s = a weighted sum of network
/// outputs). ApplyBlock stays the column loop: without vmap, pushing k vectors through autograd at once costs what k
/// products cost.
/// </summary>
public sealed class Hessian : ILinearOperator, IDisposable
{
    private readonly BatchedProducts<GradientGraph> products;

    /// <param name="scalar">s, computed from the parameters with a graph; it may be disposed afterwards.</param>
    internal Hessian(Tensor scalar, ParameterVector parameters)
        : this(parameters, BatchedProducts<GradientGraph>.Of(new GradientGraph(scalar, parameters)))
    {
    }

    internal Hessian(ParameterVector parameters, BatchedProducts<GradientGraph> products)
    {
        Parameters = parameters;
        this.products = products;
    }

    public ParameterVector Parameters { get; }
    public long Dimension => Parameters.Dimension;
    public ScalarType DType => Parameters.DType;
    public Device Device => Parameters.Device;

    /// <summary>The gradient ds/dtheta at the point the Hessian is taken (a detached copy).</summary>
    public Tensor Gradient() => products.Sum((graph, _) => graph.Value(), mean: true);

    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var pieces = Parameters.Split(v);
        return products.Sum((graph, _) => graph.Times(pieces), mean: true).MoveToOuterDisposeScope();
    }

    /// <summary>Releases the gradient's graph.</summary>
    public void Dispose() => products.Dispose();
}

/// <summary>The gradient of one scalar with its graph: what a <see cref="Hessian"/> keeps per batch.</summary>
internal sealed class GradientGraph : IDisposable
{
    private readonly Tensor[] gradient;
    private readonly ParameterVector parameters;

    /// <param name="scalar">s, computed from the parameters with a graph; it may be disposed afterwards.</param>
    public GradientGraph(Tensor scalar, ParameterVector parameters)
    {
        this.parameters = parameters;
        using var one = ones_like(scalar);
        gradient = Derivatives.Backward(new[] { scalar }, parameters.Tensors, new[] { one }, createGraph: true)
            .Select(g => g.DetachFromDisposeScope()).ToArray();
    }

    /// <summary>ds/dtheta as one detached vector.</summary>
    public Tensor Value()
    {
        using var _ = no_grad();
        return parameters.Flatten(gradient);
    }

    /// <summary>H v for v given as one piece per parameter tensor.</summary>
    public Tensor Times(IReadOnlyList<Tensor> pieces)
    {
        using var scope = NewDisposeScope();
        var hv = Derivatives.Backward(gradient, parameters.Tensors, pieces);
        return parameters.Flatten(hv).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var g in gradient) g.Dispose();
    }
}

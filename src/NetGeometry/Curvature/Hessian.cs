using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian H = d^2 s / d theta^2 of a scalar s(theta) of a network's parameters, known through its products.
/// The gradient g = ds/dtheta is built once, keeping its graph (create_graph); each product is then one more backward
/// pass through that graph, H v = d(g . v)/dtheta (Pearlmutter 1994, "Fast exact multiplication by the Hessian",
/// eq. 1-2; the double-backward form PyHessian uses, Yao et al. 2020, section 3). Made by <see cref="LossHessian"/>
/// (s = the training loss) and <see cref="OutputHessian"/> (s = a weighted sum of network outputs). ApplyBlock stays the
/// column loop: without vmap, pushing k vectors through autograd at once costs what k products cost.
/// </summary>
public sealed class Hessian : ILinearOperator, IDisposable
{
    private readonly Tensor[] gradient;

    /// <param name="scalar">s, computed from the parameters with a graph; it may be disposed afterwards.</param>
    internal Hessian(Tensor scalar, ParameterVector parameters)
    {
        Parameters = parameters;
        using var one = ones_like(scalar);
        gradient = Derivatives.Backward(new[] { scalar }, parameters.Tensors, new[] { one }, createGraph: true)
            .Select(g => g.DetachFromDisposeScope()).ToArray();
    }

    public ParameterVector Parameters { get; }
    public long Dimension => Parameters.Dimension;
    public ScalarType DType => Parameters.DType;
    public Device Device => Parameters.Device;

    /// <summary>The gradient ds/dtheta at the point the Hessian is taken (a detached copy).</summary>
    public Tensor Gradient()
    {
        using var _ = no_grad();
        return Parameters.Flatten(gradient);
    }

    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var hv = Derivatives.Backward(gradient, Parameters.Tensors, Parameters.Split(v));
        return Parameters.Flatten(hv).MoveToOuterDisposeScope();
    }

    /// <summary>Releases the gradient's graph.</summary>
    public void Dispose()
    {
        foreach (var g in gradient) g.Dispose();
    }
}

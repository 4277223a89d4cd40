using NetGeometry.Data;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The generalized Gauss-Newton matrix G = J^T H_L J of the training loss (Schraudolph 2002, "Fast curvature
/// matrix-vector products for second-order gradient descent", sec. 3; Martens 2020, JMLR, sec. 8): J = df/dtheta is
/// the Jacobian of the outputs on the whole dataset (n x o entries) and H_L = d^2 L / df^2 the Hessian of the loss in
/// the outputs, (1/n) I for the square loss, (1/n) blockdiag(diag(p_i) - p_i p_i^T) for softmax cross-entropy. It is
/// the loss Hessian without the term sum_i (dl/df_i) d^2 f_i / d theta^2, hence positive semi-definite when the loss
/// is convex in the outputs. Each product is J v (double backward), H_L (J v) (double backward on output space,
/// cheap), then J^T (one backward).
/// </summary>
public sealed class GaussNewton : ILinearOperator, IDisposable
{
    private readonly Jacobian jacobian;
    private readonly Tensor outputsLeaf;
    private readonly Tensor lossGradient;

    public GaussNewton(INetwork network, Dataset data, LossKind loss = LossKind.Square)
    {
        TrainingBatch.Require(network, data, loss);
        Parameters = ParameterVector.Of(network);
        using var scope = NewDisposeScope();
        var outputs = network.Forward(data.Inputs);
        jacobian = new Jacobian(outputs, Parameters);
        // H_L by double backward on a detached copy of the outputs: any loss, no closed form per loss to keep in step.
        outputsLeaf = outputs.detach().requires_grad_(true).DetachFromDisposeScope();
        var value = Loss.Compute(loss, outputsLeaf, data.Targets, data.Labels);
        lossGradient = Engine.Autograd.Grad(value, new[] { outputsLeaf }, createGraph: true)[0].DetachFromDisposeScope();
    }

    public ParameterVector Parameters { get; }
    public long Dimension => Parameters.Dimension;
    public ScalarType DType => Parameters.DType;
    public Device Device => Parameters.Device;

    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var jv = jacobian.Times(v);
        var hjv = Derivatives.Backward(new[] { lossGradient }, new[] { outputsLeaf }, new[] { jv })[0];
        return jacobian.TransposeTimes(hjv).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        jacobian.Dispose();
        lossGradient.Dispose();
        outputsLeaf.Dispose();
    }
}

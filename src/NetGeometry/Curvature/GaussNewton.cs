using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The generalized Gauss-Newton matrix G = J^T H_L J of a model's loss over a sequence of batches (Schraudolph 2002,
/// "Fast curvature matrix-vector products for second-order gradient descent", sec. 3; Martens 2020, "New insights and
/// perspectives on the natural gradient method", sec. 8): J = df/dtheta the Jacobian of the outputs and H_L =
/// d^2 L / df^2 the Hessian of the loss in the outputs (<see cref="LossOutputHessian"/>: (1/n) I for the square loss,
/// (1/n) blockdiag(diag(p_i) - p_i p_i^T) for softmax cross-entropy, double backward for a custom loss). It is the loss
/// Hessian without the term sum_i (dl/df_i) d^2 f_i / d theta^2, hence positive semi-definite when the loss is convex
/// in the outputs. Each product is J v (double backward), H_L (J v), then J^T (one backward). H_L is block diagonal over
/// examples, so over batches G v = sum_b w_b J_b^T H_Lb J_b v / W with H_Lb the Hessian of batch b's own loss and the
/// loss's weights (<see cref="LossCurvature"/>), one batch's graph at a time.
/// </summary>
/// <param name="model">The model; its measured parameters span the space.</param>
/// <param name="loss">The loss and its reduction.</param>
/// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
public sealed class GaussNewton(Model model, ModelLoss loss, IEnumerable<Batch> batches)
    : LossCurvature(model, loss, batches, batch => new GaussNewtonGraph(model, loss, batch));

/// <summary>One batch's J and H_L: what a <see cref="GaussNewton"/> keeps per batch.</summary>
internal sealed class GaussNewtonGraph : IBatchCurvature
{
    private readonly JacobianGraph jacobian;
    private readonly LossOutputHessian lossHessian;

    public GaussNewtonGraph(Model model, ModelLoss loss, Batch batch)
    {
        var outputs = model.Forward(batch.Inputs);
        lossHessian = new LossOutputHessian(loss, outputs, batch.Targets);
        jacobian = new JacobianGraph(outputs, model);
    }

    /// <summary>J_b^T H_Lb J_b v for v given as one piece per parameter tensor.</summary>
    public Tensor Times(IReadOnlyList<Tensor> pieces)
    {
        using var scope = NewDisposeScope();
        var jv = jacobian.Times(pieces);
        return jacobian.TransposeTimes(lossHessian.Times(jv)).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        jacobian.Dispose();
        lossHessian.Dispose();
    }
}

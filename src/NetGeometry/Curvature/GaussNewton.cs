using NetGeometry.Engine;
using NetGeometry.Kernels;
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
/// in the outputs. Each product is J v, H_L (J v), then J^T: for a model of linear layers joined by pointwise functions
/// in closed form from each layer's inputs and backward signals (<see cref="GaussNewtonMethod.ClosedForm"/>, two matrix
/// products per layer), for any other model by autograd (J v by double backward, J^T by one backward pass). H_L is block
/// diagonal over examples, so over batches G v = sum_b w_b J_b^T H_Lb J_b v / W with H_Lb the Hessian of batch b's own
/// loss and the loss's weights (<see cref="LossCurvature"/>), one batch's graph at a time.
/// </summary>
public sealed class GaussNewton : LossCurvature
{
    /// <summary>The matrix with its products chosen by <see cref="GaussNewtonMethod.Auto"/>.</summary>
    /// <param name="model">The model; its measured parameters span the space.</param>
    /// <param name="loss">The loss and its reduction.</param>
    /// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
    public GaussNewton(Model model, ModelLoss loss, IEnumerable<Batch> batches) : this(model, loss, batches, GaussNewtonMethod.Auto)
    {
    }

    /// <summary>The matrix with its products taken by <paramref name="method"/>.</summary>
    /// <param name="model">The model; its measured parameters span the space.</param>
    /// <param name="loss">The loss and its reduction.</param>
    /// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
    /// <param name="method">Closed form, autograd, or the closed form where the model allows it.</param>
    /// <exception cref="InputException"><see cref="GaussNewtonMethod.ClosedForm"/> on a model that does not qualify.</exception>
    public GaussNewton(Model model, ModelLoss loss, IEnumerable<Batch> batches, GaussNewtonMethod method)
        : base(model, loss, batches, Builder(model, loss, method, builtOnce: batches is IReadOnlyCollection<Batch> { Count: 1 }))
    {
    }

    /// <summary>
    /// One batch's graph for the method: the linear modules are found once, each batch's pass checked as it is built.
    /// Auto takes the closed form when it pays (<see cref="ClosedFormGaussNewtonGraph.Pays"/>), else autograd.
    /// </summary>
    private static Func<Batch, IBatchCurvature> Builder(Model model, ModelLoss loss, GaussNewtonMethod method, bool builtOnce)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (method == GaussNewtonMethod.Autograd) return batch => new GaussNewtonGraph(model, loss, batch, model.Forward(batch.Inputs));
        var layers = LinearModule.Find(model, model.Layers, out string reason);
        if (layers is null)
        {
            InputException.Require(method != GaussNewtonMethod.ClosedForm, ClosedFormGaussNewtonGraph.Unqualified(reason));
            return batch => new GaussNewtonGraph(model, loss, batch, model.Forward(batch.Inputs));
        }
        return batch =>
        {
            var (outputs, capture) = LinearCapture.Run(layers, model.Forward, batch.Inputs);
            if (capture.Problem(batch.Count) is { } problem)
            {
                InputException.Require(method != GaussNewtonMethod.ClosedForm, ClosedFormGaussNewtonGraph.Unqualified(problem));
                return new GaussNewtonGraph(model, loss, batch, outputs);
            }
            if (method == GaussNewtonMethod.Auto && !ClosedFormGaussNewtonGraph.Pays(layers, batch.Count, outputs.numel() / batch.Count, builtOnce))
                return new GaussNewtonGraph(model, loss, batch, outputs);
            return new ClosedFormGaussNewtonGraph(model, loss, batch, layers, outputs, capture);
        };
    }
}

/// <summary>One batch's J (by autograd) and H_L: what a <see cref="GaussNewton"/> keeps per batch for a model of any kind.</summary>
internal sealed class GaussNewtonGraph : IBatchCurvature
{
    private readonly JacobianGraph jacobian;
    private readonly LossOutputHessian lossHessian;

    /// <param name="model">The model.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="batch">The batch (its targets).</param>
    /// <param name="outputs">The model's outputs on the batch's inputs, with their graph.</param>
    public GaussNewtonGraph(Model model, ModelLoss loss, Batch batch, Tensor outputs)
    {
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

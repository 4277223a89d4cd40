using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian H = d^2 L / d theta^2 of a model's loss over a sequence of batches (L as <see cref="ModelObjective"/>
/// sums it), as an operator: the matrix whose top eigenvalues, trace and spectral density PyHessian reports (Yao et al.
/// 2020) and curvlinops' HessianLinearOperator over a data loader. Per batch, the gradient g_b = dL_b/dtheta is built
/// with its graph (create_graph) and each product is one more backward pass through it, H_b v = d(g_b . v)/dtheta
/// (Pearlmutter 1994, "Fast exact multiplication by the Hessian", eq. 1-2; the double-backward form PyHessian uses,
/// Yao et al. 2020, sec. 3); over batches H v = sum_b w_b H_b v / W with the loss's weights (<see cref="LossCurvature"/>).
/// With a collection of one batch the gradient graph is built once, here, and every product is one backward pass.
/// A scalar function of the outputs that is not a training loss (e.g. a weighted sum of outputs,
/// <see cref="OutputHessian"/>) is a custom <see cref="ModelLoss"/> like any other. A block product (ApplyBlock)
/// builds each batch's gradient graph once and takes its k vectors through it by k backward passes (TorchSharp has no
/// batched grad outputs, so one graph, several vectors, is k passes; what a block saves is the k - 1 rebuilt graphs).
/// </summary>
/// <param name="model">The model; its measured parameters span the space.</param>
/// <param name="loss">The loss and its reduction.</param>
/// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
public sealed class LossHessian(Model model, ModelLoss loss, IEnumerable<Batch> batches)
    : LossCurvature(model, loss, batches, batch => new GradientGraph(loss.Compute(model.Forward(batch.Inputs), batch.Targets), model));

/// <summary>One batch's loss gradient with its graph: what a <see cref="LossHessian"/> keeps per batch.</summary>
internal sealed class GradientGraph : IBatchCurvature
{
    private readonly Tensor[] gradient;
    private readonly Model model;

    /// <param name="scalar">The batch's loss, computed from the parameters with a graph; it may be disposed afterwards.</param>
    /// <param name="model">The model whose measured parameters the gradient is taken in.</param>
    public GradientGraph(Tensor scalar, Model model)
    {
        this.model = model;
        using var one = ones_like(scalar);
        gradient = Derivatives.Backward(new[] { scalar }, model.Tensors, new[] { one }, createGraph: true)
            .Select(g => g.DetachFromDisposeScope()).ToArray();
    }

    /// <summary>H_b v for v given as one piece per parameter tensor.</summary>
    public Tensor Times(IReadOnlyList<Tensor> pieces)
    {
        using var scope = NewDisposeScope();
        var hv = Derivatives.Backward(gradient, model.Tensors, pieces);
        return model.Flatten(hv).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var g in gradient) g.Dispose();
    }
}

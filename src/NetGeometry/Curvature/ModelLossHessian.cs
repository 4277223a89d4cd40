using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian of a model's loss over a sequence of batches, H = d^2 L / d theta^2 with L the loss over all batches
/// (<see cref="ModelObjective"/>), as an operator: each product H v runs every batch through the model, builds that
/// batch's gradient with its graph and takes one more backward pass, H_b v = d(g_b . v)/d theta (Pearlmutter 1994), then
/// frees the batch's graph, so peak memory is set by the batch size, not by the number of examples (curvlinops'
/// HessianLinearOperator over a data loader; PyHessian's dataloader mode). The products are summed with the loss's
/// reduction: sum_b n_b H_b v / sum_b n_b for a mean loss, sum_b H_b v for a sum. The batches are enumerated once per
/// product; with <see cref="Curvature.Lanczos"/>, Hutchinson or SLQ on top, the cost is one pass over the data per product.
/// </summary>
public sealed class ModelLossHessian(Model model, ModelLoss loss, IEnumerable<Batch> batches) : ILinearOperator
{
    public Model Model { get; } = model;
    public ModelLoss Loss { get; } = loss;
    public long Dimension => Model.Dimension;
    public ScalarType DType => Model.DType;
    public Device Device => Model.Device;

    public Tensor Apply(Tensor v)
    {
        var pieces = Model.Split(v);
        return ModelObjective.Sum(Loss, batches, batch =>
        {
            var gradient = ModelObjective.BatchGradient(Model, Loss, batch, createGraph: true);
            return Model.Flatten(Derivatives.Backward(gradient, Model.Tensors, pieces));
        });
    }
}

using NetGeometry.Data;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian of the training loss L(theta) = (1/n) sum_i l(f(x_i; theta), y_i) over a dataset, e.g. the square
/// loss (1/2n) sum_i ||f(x_i) - y_i||^2, with respect to the network's trainable parameters: the matrix whose top
/// eigenvalues, trace and spectral density PyHessian reports (Yao et al. 2020). The data are one dataset (one graph,
/// built once) or a sequence of batches (curvlinops' HessianLinearOperator over a data loader: one batch's graph at a
/// time per product, memory set by the batch size; <see cref="Dataset.Batches"/> cuts a dataset into them).
/// </summary>
public static class LossHessian
{
    public static Hessian Create(INetwork network, Dataset data, LossKind loss = LossKind.Square) =>
        Create(network, new[] { data }, loss);

    /// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
    public static Hessian Create(INetwork network, IEnumerable<Dataset> batches, LossKind loss = LossKind.Square)
    {
        var parameters = ParameterVector.Of(network);
        return new Hessian(parameters, new BatchedProducts<GradientGraph>(batches, batch => TrainingBatch.Require(network, batch, loss),
            batch => new GradientGraph(Loss.Compute(loss, network.Forward(batch.Inputs), batch.Targets, batch.Labels), parameters)));
    }
}

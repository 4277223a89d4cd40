using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The empirical Fisher F = c sum_i g_i g_i^T of a model's loss over a sequence of batches, g_i = d l_i / d theta the
/// gradient of example i's loss and c = 1/n for a mean loss, 1 for a sum (Kunstner, Balles &amp; Hennig 2019,
/// "Limitations of the empirical Fisher approximation", sec. 2; curvlinops' EFLinearOperator). The g_i are the rows of
/// the Jacobian J_l of the batch's per-example losses (<see cref="ModelLoss.PerExample"/>), so a batch's product is
/// J_l^T (J_l v) scaled as the batch's own loss is: one Jacobian-vector and one vector-Jacobian product, without ever
/// forming the n x Dimension matrix of per-example gradients. Over batches, F v = sum_b w_b F_b v / W with the loss's
/// weights (<see cref="LossCurvature"/>), one batch's graph at a time. Positive semi-definite by construction.
/// </summary>
/// <param name="model">The model; its measured parameters span the space.</param>
/// <param name="loss">The loss and its reduction.</param>
/// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
public sealed class EmpiricalFisher(Model model, ModelLoss loss, IEnumerable<Batch> batches)
    : LossCurvature(model, loss, batches, batch => new FisherGraph(model, loss, batch));

/// <summary>One batch's per-example loss gradients, through their Jacobian: what an <see cref="EmpiricalFisher"/> keeps per batch.</summary>
internal sealed class FisherGraph : IBatchCurvature
{
    private readonly JacobianGraph losses;
    private readonly double weight;

    public FisherGraph(Model model, ModelLoss loss, Batch batch)
    {
        losses = new JacobianGraph(loss.PerExample(model.Forward(batch.Inputs), batch.Targets), model);
        weight = loss.BatchWeight(batch.Count);
    }

    /// <summary>F_b v = J_l^T (J_l v) / w_b (w_b = n_b for a mean loss, 1 for a sum) for v given as one piece per parameter tensor.</summary>
    public Tensor Times(IReadOnlyList<Tensor> pieces)
    {
        using var scope = NewDisposeScope();
        var jv = losses.Times(pieces);
        return losses.TransposeTimes(jv.div_(Held(weight))).MoveToOuterDisposeScope();
    }

    public void Dispose() => losses.Dispose();
}

using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// The training objective L(theta) of a model, a loss and a sequence of batches, with its gradient: each batch is
/// pushed through the model on its own (its graph freed before the next), so peak memory is set by the batch size,
/// not by the number of examples. Over batches the loss is exact for the loss's reduction (<see cref="ModelLoss"/>).
/// The sequence is enumerated once per call, so it may be a list or a generator that reads batches from disk.
/// </summary>
public static class ModelObjective
{
    /// <summary>L(theta), the loss over all batches.</summary>
    public static double Loss(Model model, ModelLoss loss, IEnumerable<Batch> batches)
    {
        using var total = Sum(loss, batches, batch =>
        {
            using var _ = no_grad();
            return loss.Compute(model.Forward(batch.Inputs), batch.Targets);
        });
        return total.item<double>();
    }

    /// <summary>dL/dtheta over all batches, flattened in the model's parameter order (a detached vector of length Dimension).</summary>
    public static Tensor Gradient(Model model, ModelLoss loss, IEnumerable<Batch> batches) =>
        Sum(loss, batches, batch => model.Flatten(BatchGradient(model, loss, batch)));

    /// <summary>One batch's loss gradient, one tensor per measured parameter (zeros for a parameter the loss does not reach).</summary>
    private static Tensor[] BatchGradient(Model model, ModelLoss loss, Batch batch)
    {
        var value = loss.Compute(model.Forward(batch.Inputs), batch.Targets);
        InputException.Require(value.requires_grad, $"the {loss.Name} loss does not depend on the model's measured parameters.");
        return model.Differentiate(value, createGraph: false);
    }

    /// <summary>
    /// sum_b w_b T_b / W for per-batch tensors T_b (each computed in its own dispose scope, <see cref="Batch.ForEach"/>),
    /// with w_b = n_b and W = sum_b n_b for a mean loss, and w_b = W = 1 for a sum: how every quantity that is linear in
    /// the loss (the loss, its gradient, Hessian-vector products, Gauss-Newton and Fisher products) is summed over
    /// batches. Each batch is checked first.
    /// </summary>
    public static Tensor Sum(ModelLoss loss, IEnumerable<Batch> batches, Func<Batch, Tensor> perBatch)
    {
        Tensor? total = null;
        long n = Batch.ForEach(batches, (batch, _) =>
        {
            var part = perBatch(batch).detach().mul(Held(loss.BatchWeight(batch.Count)));
            if (total is null) total = part.MoveToOuterDisposeScope();
            else total.add_(part, Held(1));
        });
        InputException.Require(total is not null, "there are no batches: the objective needs at least one example.");
        return total!.div_(Held(loss.TotalWeight(n)));
    }
}

using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian H_L = d^2 L_b / d f^2 of one batch's loss in the batch's outputs f, through its products H_L u (u shaped
/// like the outputs): the middle factor of the Gauss-Newton matrix J^T H_L J. The built-in losses have it in closed
/// form (<see cref="ModelLoss.OutputHessian"/>); a custom loss's comes from double backward on a detached copy of the
/// outputs, H_L u = d(dL_b/df . u)/df, cheap since it runs on output space only. The batch's loss is computed in both
/// cases, so targets the loss cannot take are an <see cref="Engine.InputException"/> before any product.
/// </summary>
internal sealed class LossOutputHessian : IDisposable
{
    private readonly ModelLoss loss;
    private readonly Tensor outputs;
    private readonly Tensor? gradient;

    /// <param name="loss">The loss.</param>
    /// <param name="outputs">The batch's outputs (only their values are used).</param>
    /// <param name="targets">The batch's targets.</param>
    public LossOutputHessian(ModelLoss loss, Tensor outputs, Tensor targets)
    {
        this.loss = loss;
        this.outputs = outputs.detach().requires_grad_(!loss.HasOutputHessian).DetachFromDisposeScope();
        var value = loss.Compute(this.outputs, targets);
        if (loss.HasOutputHessian) return;
        using var one = ones_like(value);
        gradient = Derivatives.Backward(new[] { value }, new[] { this.outputs }, new[] { one }, createGraph: true)[0].DetachFromDisposeScope();
    }

    /// <summary>H_L u for u shaped like the outputs.</summary>
    public Tensor Times(Tensor u) =>
        gradient is null ? loss.OutputHessian(outputs, u) : Derivatives.Backward(new[] { gradient }, new[] { outputs }, new[] { u })[0];

    public void Dispose()
    {
        gradient?.Dispose();
        outputs.Dispose();
    }
}

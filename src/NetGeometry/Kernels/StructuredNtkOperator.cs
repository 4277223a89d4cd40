using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// Theta v through the structured identity (ntk-computation.md): for each dense layer with inputs U and backward
/// signals G,
///   (Theta_l v)_i = m_W^2 sum_k G_ik (U M^T)_ik + m_b^2 G_i . (G^T v),   M = G^T diag(v) U   (fan_out x fan_in),
/// per output for a traced kernel; for a full kernel v holds v_(j,b) and M = H^T U with H_j = sum_b v_(j,b) G_(j,b).
/// The factors (n sum_l (fan_in_l + o fan_out_l) numbers) are captured once; each product then costs
/// 2 n o sum_l fan_in_l fan_out_l multiply-adds and no autograd.
/// </summary>
internal sealed class StructuredNtkOperator : NtkOperator
{
    private readonly StructuredFactors factors;
    private readonly NtkOutput output;

    public StructuredNtkOperator(NtkRequest request, Tensor x)
    {
        using (var prepared = request.Prepare(x)) factors = StructuredFactors.Capture(request, prepared);
        output = request.Options.Output;
        Dimension = factors.Count * (output == NtkOutput.Full ? factors.Outputs : 1);
        DType = request.Options.DType;
        Device = factors.Layers[0].Inputs.device;
    }

    public override long Dimension { get; }
    public override ScalarType DType { get; }
    public override Device Device { get; }

    protected override Tensor Product(Tensor v)
    {
        using var scope = NewDisposeScope();
        long n = factors.Count, o = factors.Outputs;
        var result = zeros(n, output == NtkOutput.Full ? o : 1, dtype: DType, device: Device);
        foreach (var layer in factors.Layers)
        {
            using var _ = NewDisposeScope();
            var (u, g) = (layer.Inputs, layer.Signals);
            if (output == NtkOutput.Traced)
            {
                var signals = g.reshape(n, -1);                                // n x (o fan_out): the outputs side by side
                var m = signals.mul(v.unsqueeze(1)).t().mm(u);                // G^T diag(v) U
                result.add_(u.mm(m.t()).mul_(signals).sum(1, keepdim: true), alpha: layer.WeightScale);
                if (layer.BiasScale != 0) result.add_(signals.mv(signals.t().mv(v)).unsqueeze(1), alpha: layer.BiasScale);
            }
            else
            {
                var h = v.view(n, 1, o).bmm(g).squeeze(1);                    // H_j = sum_b v_(j,b) G_(j,b)
                var m = h.t().mm(u);                                           // H^T U
                result.add_(g.bmm(u.mm(m.t()).unsqueeze(2)).squeeze(2), alpha: layer.WeightScale);
                if (layer.BiasScale != 0) result.add_(g.matmul(h.sum(dim: 0)), alpha: layer.BiasScale);
            }
        }
        return result.reshape(-1).MoveToOuterDisposeScope();
    }

    public override void Dispose() => factors.Dispose();
}

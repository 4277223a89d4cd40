using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// Theta v through the structured identity (ntk-computation.md): for each dense layer with inputs U and backward
/// signals G,
///   (Theta_l v)_i = m_W^2 sum_k G_ik (U M^T)_ik + m_b^2 G_i . (G^T v),   M = G^T diag(v) U   (fan_out x fan_in),
/// per output for a traced kernel (the outputs' signals side by side, K = o fan_out columns); for a full kernel v holds
/// v_(j,b), M = H^T U with H_j = sum_b v_(j,b) G_(j,b) (K = fan_out), and row (i, a) takes G_(i,a). The factors
/// (n sum_l (fan_in_l + o fan_out_l) numbers) are captured once; each product then costs 2 n o sum_l fan_in_l fan_out_l
/// multiply-adds and no autograd. Rows go in blocks, so temporaries stay small (allocating and freeing n-row arrays at
/// every product costs page faults that dominate on large n).
/// Blocks of vectors go one column at a time (the default ApplyBlock): a product already runs at GEMM speed, and taking
/// k columns through each layer together (k K x fan_in GEMMs, then per-row k x K contractions) measured slower, 0.69x
/// at k = 4 and 0.62x at k = 16 in vectors per second (docs/benchmarks.md, "Block products").
/// </summary>
internal sealed class StructuredNtkOperator : NtkOperator
{
    private readonly StructuredFactors factors;
    private readonly long outputRows;
    private readonly long blockRows;

    public StructuredNtkOperator(NtkRequest request, Tensor x)
    {
        using (var prepared = request.Prepare(x)) factors = StructuredFactors.Capture(request, prepared);
        outputRows = request.OutputRows;
        blockRows = request.Options.BlockRows;
        Dimension = factors.Count * outputRows;
        DType = request.Options.DType;
        Device = factors.Layers[0].Inputs.device;
    }

    public override NtkMethod Method => NtkMethod.Structured;
    public override long Dimension { get; }
    public override ScalarType DType { get; }
    public override Device Device { get; }

    private protected override Tensor Product(Tensor v)
    {
        using var scope = NewDisposeScope();
        long n = factors.Count, r = outputRows;
        var weights = v.view(n, r, 1);
        var result = zeros(n, r, dtype: DType, device: Device);
        foreach (var layer in factors.Layers)
        {
            using var _ = NewDisposeScope();
            var signals = layer.Signals.reshape(n, r, -1);                 // n x r x K
            long k = signals.shape[2];
            var m = zeros(k, layer.Layer.FanIn, dtype: DType, device: Device);
            var h = zeros(k, dtype: DType, device: Device);
            foreach (var (start, rows) in RowBlocks.Of(n, blockRows))
            {
                using var __ = NewDisposeScope();
                var weighted = signals.narrow(0, start, rows).mul(weights.narrow(0, start, rows)).sum(1);   // H = sum_b v_b G_b
                m.addmm_(weighted.t(), layer.Inputs.narrow(0, start, rows));                                // M = H^T U
                if (layer.BiasScale != 0) h.add_(weighted.sum(dim: 0));                                     // G^T v
            }
            foreach (var (start, rows) in RowBlocks.Of(n, blockRows))
            {
                using var __ = NewDisposeScope();
                var g = signals.narrow(0, start, rows);
                var p = layer.Inputs.narrow(0, start, rows).mm(m.t());                                     // U M^T
                var product = g.mul(p.unsqueeze(1)).sum(2).mul_(layer.WeightScale);
                if (layer.BiasScale != 0) product.add_(g.matmul(h), alpha: layer.BiasScale);
                result.narrow(0, start, rows).add_(product);
            }
        }
        return result.reshape(-1).MoveToOuterDisposeScope();
    }

    public override void Dispose() => factors.Dispose();
}

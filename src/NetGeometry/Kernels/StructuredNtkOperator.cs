using NetGeometry.Engine;
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
        using var column = v.view(-1, 1);
        using var product = BlockProduct(column);
        return product.view(-1);
    }

    /// <summary>
    /// Theta V for k columns at once: per layer, the k matrices M_j = H_j^T U side by side as one (k K) x fan_in GEMM
    /// over the rows, then U [M_1 .. M_k]^T as one n x (k K) GEMM, so each pass over U is a matrix-matrix product k
    /// times wider instead of k matrix-vector-like ones.
    /// </summary>
    private protected override Tensor BlockProduct(Tensor block)
    {
        long n = factors.Count, r = outputRows, columns = block.shape[1];
        // Per layer: the k matrices M_j (k K x fan_in) and a row block's H_j and U M_j^T (2 x rows x k K), K = o fan_out / r.
        MemoryBudget.Require(factors.Layers.Max(l => 8.0 * columns * (l.Signals.shape[1] * l.Signals.shape[2] / r) * (l.Layer.FanIn + 2.0 * Math.Min(n, blockRows))),
            $"a structured NTK product of {columns} vectors");
        using var scope = NewDisposeScope();
        var weights = block.reshape(n, r, columns);
        var result = zeros(n, r, columns, dtype: DType, device: Device);
        using TorchSharp.Scalar one = 1.0;
        foreach (var layer in factors.Layers)
        {
            using var _ = NewDisposeScope();
            var signals = layer.Signals.reshape(n, r, -1);                 // n x r x K
            long k = signals.shape[2];
            var m = zeros(columns * k, layer.Layer.FanIn, dtype: DType, device: Device);
            var h = zeros(columns, k, dtype: DType, device: Device);
            foreach (var (start, rows) in RowBlocks.Of(n, blockRows))
            {
                using var __ = NewDisposeScope();
                var g = signals.narrow(0, start, rows);
                var v = weights.narrow(0, start, rows);
                var weighted = zeros(rows, columns, k, dtype: DType, device: Device);                    // H_j = sum_b v_(b,j) G_b
                for (long b = 0; b < r; b++) weighted.addcmul_(v.select(1, b).unsqueeze(2), g.select(1, b).unsqueeze(1), one);
                m.addmm_(weighted.view(rows, columns * k).t(), layer.Inputs.narrow(0, start, rows));      // M_j = H_j^T U
                if (layer.BiasScale != 0) h.add_(weighted.sum(dim: 0));                                    // G^T v_j
            }
            foreach (var (start, rows) in RowBlocks.Of(n, blockRows))
            {
                using var __ = NewDisposeScope();
                var g = signals.narrow(0, start, rows);
                var p = layer.Inputs.narrow(0, start, rows).mm(m.t()).view(rows, columns, k);            // U M_j^T
                var product = g.matmul(p.transpose(1, 2)).mul_(layer.WeightScale);                         // sum_K G_(i,a) (U M_j^T)_i
                if (layer.BiasScale != 0) product.add_(g.matmul(h.t()), alpha: layer.BiasScale);
                result.narrow(0, start, rows).add_(product);
            }
        }
        return result.view(n * r, columns).MoveToOuterDisposeScope();
    }

    public override void Dispose() => factors.Dispose();
}

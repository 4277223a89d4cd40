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
internal sealed class StructuredNtkOperator : NtkOperator, IKernelEntries
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
                if (layer.BiasScale != 0) h.add_(weighted.sum(dim: 0), Held(1));                                     // G^T v
            }
            foreach (var (start, rows) in RowBlocks.Of(n, blockRows))
            {
                using var __ = NewDisposeScope();
                var g = signals.narrow(0, start, rows);
                var p = layer.Inputs.narrow(0, start, rows).mm(m.t());                                     // U M^T
                var product = g.mul(p.unsqueeze(1)).sum(2).mul_(Held(layer.WeightScale));
                if (layer.BiasScale != 0) product.add_(g.matmul(h), alpha: Held(layer.BiasScale));
                result.narrow(0, start, rows).add_(product, Held(1));
            }
        }
        return result.reshape(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Theta[rows, columns] from the same identity, entry by entry: row (i, a) of the operator is example
    /// i = row / r with signals G[i, a], so Theta[(i, a), (j, b)] = sum_l G_(i,a) . G_(j,b) (m_W^2 U_i . U_j + m_b^2).</summary>
    public Tensor Entries(Tensor rows, Tensor columns)
    {
        using var scope = NewDisposeScope();
        long r = outputRows;
        using var rowExamples = rows.div(Held(r), rounding_mode: RoundingMode.floor);
        using var columnExamples = columns.div(Held(r), rounding_mode: RoundingMode.floor);
        var result = zeros(rows.shape[0], columns.shape[0], dtype: DType, device: Device);
        foreach (var layer in factors.Layers)
        {
            using var _ = NewDisposeScope();
            var signals = layer.Signals.reshape(factors.Count * r, -1);
            var inputs = layer.Inputs.index_select(0, rowExamples).mm(layer.Inputs.index_select(0, columnExamples).t()).mul_(Held(layer.WeightScale));
            if (layer.BiasScale != 0) inputs.add_(Held(layer.BiasScale), Held(1));
            result.add_(signals.index_select(0, rows).mm(signals.index_select(0, columns).t()).mul_(inputs), Held(1));
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Theta[S_b, S_b] for each row S_b of sets, by the same identity on the gathered factors.</summary>
    public Tensor Grams(Tensor sets)
    {
        using var scope = NewDisposeScope();
        long r = outputRows, count = sets.shape[0], size = sets.shape[1];
        var flat = sets.reshape(-1);
        var examples = flat.div(Held(r), rounding_mode: RoundingMode.floor);
        var result = zeros(count, size, size, dtype: DType, device: Device);
        foreach (var layer in factors.Layers)
        {
            using var _ = NewDisposeScope();
            var u = layer.Inputs.index_select(0, examples).view(count, size, -1);
            var g = layer.Signals.reshape(factors.Count * r, -1).index_select(0, flat).view(count, size, -1);
            var inputs = u.bmm(u.transpose(1, 2)).mul_(Held(layer.WeightScale));
            if (layer.BiasScale != 0) inputs.add_(Held(layer.BiasScale), Held(1));
            result.add_(g.bmm(g.transpose(1, 2)).mul_(inputs), Held(1));
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The diagonal Theta[(i, a), (i, a)] = sum_l |G_(i,a)|^2 (m_W^2 |U_i|^2 + m_b^2).</summary>
    public Tensor Diagonal()
    {
        using var scope = NewDisposeScope();
        var result = zeros(Dimension, dtype: DType, device: Device);
        foreach (var layer in factors.Layers)
        {
            using var _ = NewDisposeScope();
            var inputs = layer.Inputs.pow(Held(2)).sum(1).mul_(Held(layer.WeightScale));
            if (layer.BiasScale != 0) inputs.add_(Held(layer.BiasScale), Held(1));
            var signals = layer.Signals.reshape(factors.Count, outputRows, -1).pow(Held(2)).sum(2);   // n x r
            result.add_(signals.mul_(inputs.unsqueeze(1)).reshape(-1), Held(1));
        }
        return result.MoveToOuterDisposeScope();
    }

    public override void Dispose() => factors.Dispose();
}

using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// The empirical NTK from structured derivatives (ntk-computation.md; Novak et al. 2022, "Fast finite width neural
/// tangent kernel", structured derivatives): for dense layers z_l = m_W,l u W_l^T + m_b,l b_l,
///   Theta(x_i, x_j) = sum_l (G_l[i] . G_l[j]) (m_W,l^2 U_l[i] . U_l[j] + m_b,l^2),
/// a Hadamard product per layer of the backward-signal Gram matrix and the (scaled) input Gram matrix. The kernel
/// is built in blocks of rows, so only the factors (n sum_l (fan_in_l + o fan_out_l) numbers) and the kernel itself
/// need to fit in memory; with one input set, only the blocks on and above the diagonal are computed.
/// </summary>
internal static class StructuredNtk
{
    /// <summary>Theta(X1, X2) from the factors of X1 and of X2 (pass the same object twice for Theta(X, X)).</summary>
    public static Tensor Kernel(StructuredFactors f1, StructuredFactors f2, NtkOutput output, long blockRows)
    {
        long r = output == NtkOutput.Full ? f1.Outputs : 1;
        long n1 = f1.Count, n2 = f2.Count;
        bool symmetric = ReferenceEquals(f1, f2);
        if (n1 <= blockRows && n2 <= blockRows) return Block(f1, 0, n1, f2, 0, n2, output);
        var kernel = empty(n1 * r, n2 * r, dtype: f1.Layers[0].Inputs.dtype, device: f1.Layers[0].Inputs.device);
        foreach (var (i, rows) in RowBlocks.Of(n1, blockRows))
            foreach (var (j, columns) in RowBlocks.Of(n2, blockRows).Where(b => !symmetric || b.Start >= i))
            {
                using var _ = NewDisposeScope();
                var block = Block(f1, i, rows, f2, j, columns, output);
                kernel.narrow(0, i * r, rows * r).narrow(1, j * r, columns * r).copy_(block);
                if (symmetric && j > i) kernel.narrow(0, j * r, columns * r).narrow(1, i * r, rows * r).copy_(block.t());
            }
        return kernel;
    }

    /// <summary>Rows [i, i + rows) of X1 against rows [j, j + columns) of X2, summed over the layers.</summary>
    private static Tensor Block(StructuredFactors f1, long i, long rows, StructuredFactors f2, long j, long columns, NtkOutput output)
    {
        long r = output == NtkOutput.Full ? f1.Outputs : 1;
        var a0 = f1.Layers[0].Inputs;
        var sum = zeros(rows * r, columns * r, dtype: a0.dtype, device: a0.device);
        var sum4 = sum.view(rows, r, columns, r);
        for (int l = 0; l < f1.Layers.Count; l++)
        {
            using var _ = NewDisposeScope();
            var (a, b) = (f1.Layers[l], f2.Layers[l]);
            var signals = OutputGram.Of(a.Signals.narrow(0, i, rows), b.Signals.narrow(0, j, columns), output).view(rows, r, columns, r);
            var inputs = a.Inputs.narrow(0, i, rows).mm(b.Inputs.narrow(0, j, columns).t()).view(rows, 1, columns, 1);
            // + m_W^2 (G1 G2^T) o (U1 U2^T) + m_b^2 (G1 G2^T), the input Gram broadcast over output pairs for a full kernel.
            sum4.addcmul_(signals, inputs, Held(a.WeightScale));
            if (a.BiasScale != 0) sum4.add_(signals, alpha: Held(a.BiasScale));
        }
        sum4.Dispose();
        return sum;
    }
}

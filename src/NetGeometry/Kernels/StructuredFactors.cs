using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// One linear layer's structured derivatives on n inputs (ntk-computation.md, "Structured derivatives"): its inputs
/// U (n x fan_in) and backward signals G (n x o x fan_out), G[i, a] = df_a(x_i)/dz(x_i). For the layer
/// z = m_W u W^T + m_b b, the gradient of f_a(x_i) is m_W G[i, a] U[i]^T with respect to W and m_b G[i, a] with
/// respect to b, so the layer's share of the NTK is (G1 G2^T) o (m_W^2 U1 U2^T + m_b^2).
/// </summary>
internal sealed record LayerFactors(LinearModule Layer, Tensor Inputs, Tensor Signals)
{
    /// <summary>m_W^2: the weight multiplier squared (1/fan_in in NTK parameterization with sigma_w = 1).</summary>
    public double WeightScale => Layer.WeightScale;
    /// <summary>m_b^2, or 0 for a layer without a measured bias.</summary>
    public double BiasScale => Layer.BiasScale;
}

/// <summary>
/// The structured derivatives of a model's linear layers on n inputs: one forward pass per block of rows whose hooks
/// keep each layer's input and output (<see cref="LinearCapture"/>), then one backward pass per output that
/// differentiates sum_i f_a(x_i) with respect to the layers' outputs. Since examples do not interact in the forward
/// pass, row i of that gradient is df_a(x_i)/dz(x_i).
/// </summary>
internal sealed class StructuredFactors : IDisposable
{
    public StructuredFactors(IReadOnlyList<LayerFactors> layers, long count, long outputs)
    {
        Layers = layers; Count = count; Outputs = outputs;
    }

    public IReadOnlyList<LayerFactors> Layers { get; }
    public long Count { get; }
    public long Outputs { get; }

    public static StructuredFactors Capture(NtkRequest request, Tensor x)
    {
        long n = x.shape[0], o = request.Outputs, blockRows = request.Options.BlockRows;
        // One block: keep that pass's own tensors, no copy. Several: copy each block into whole-n tensors.
        if (n <= blockRows) return new StructuredFactors(Block(request, x), n, o);
        var dtype = request.Options.DType;
        var factors = request.Linear!.Select(l => new LayerFactors(l,
            empty(n, l.FanIn, dtype: dtype, device: x.device),
            empty(n, o, l.FanOut, dtype: dtype, device: x.device))).ToList();
        var result = new StructuredFactors(factors, n, o);
        try
        {
            foreach (var (start, rows) in RowBlocks.Of(n, blockRows))
            {
                using var _ = NewDisposeScope();
                var block = Block(request, x.narrow(0, start, rows));
                for (int l = 0; l < factors.Count; l++)
                {
                    factors[l].Inputs.narrow(0, start, rows).copy_(block[l].Inputs);
                    factors[l].Signals.narrow(0, start, rows).copy_(block[l].Signals);
                }
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>The factors of one block of rows: one forward pass with hooks, one backward pass per output.</summary>
    private static IReadOnlyList<LayerFactors> Block(NtkRequest request, Tensor x)
    {
        using var _ = NewDisposeScope();
        var (f, capture) = LinearCapture.Run(request.Linear!, request.Forward, x);
        if (capture.Problem(x.shape[0]) is { } problem) throw new InvalidOperationException($"the structured NTK cannot use this pass: {problem}.");
        return FromPass(request.Linear!, f, capture, request.Options.DType).Select(l => l with
        {
            Inputs = l.Inputs.MoveToOuterDisposeScope(),
            Signals = l.Signals.MoveToOuterDisposeScope(),
        }).ToList();
    }

    /// <summary>
    /// The factors of a forward pass already taken with hooks (<see cref="LinearCapture.Run"/>, its
    /// <see cref="LinearCapture.Problem"/> checked): f's o outputs per example (f has n rows; a vector is one output),
    /// one backward pass each; the pass's graph is released after the last. The factors are left in the current dispose scope.
    /// </summary>
    public static IReadOnlyList<LayerFactors> FromPass(IReadOnlyList<LinearModule> layers, Tensor f, LinearCapture capture, ScalarType dtype)
    {
        var rows = f.reshape(f.shape[0], -1);
        long o = rows.shape[1];
        var outputs = layers.Select(l => capture[l].Output).ToList();
        var signals = new List<Tensor>[layers.Count];
        for (int l = 0; l < layers.Count; l++) signals[l] = new List<Tensor>();
        for (long a = 0; a < o; a++)
        {
            var gradients = Autograd.Grad(new[] { rows.select(1, a).sum() }, outputs, retainGraph: a + 1 < o);
            for (int l = 0; l < layers.Count; l++) signals[l].Add(gradients[l]);
        }
        return layers.Select((layer, l) => new LayerFactors(layer,
            capture[layer].Input.detach().to(dtype),
            (signals[l].Count == 1 ? signals[l][0].unsqueeze(1) : stack(signals[l], 1)).to(dtype))).ToList();
    }

    public void Dispose()
    {
        foreach (var l in Layers)
        {
            l.Inputs.Dispose();
            l.Signals.Dispose();
        }
    }
}

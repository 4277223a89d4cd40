using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// One batch's Gauss-Newton product J^T H_L J v in closed form, for a model whose measured layers are linear modules
/// z = m_W u W^T + m_b b, each applied once per example to rows (<see cref="LinearModule"/>), joined by anything else.
/// From the batch's forward pass the layers' inputs U_l (n x fan_in) and backward signals G_l (n x o x fan_out),
/// G_l[i, a] = df_a(x_i)/dz_l(x_i), are kept (<see cref="StructuredFactors.FromPass"/>: o backward passes, once per
/// batch). The per-example gradient of f_a(x_i) is m_W G_l[i, a] U_l[i]^T in W_l and m_b G_l[i, a] in b_l
/// (ntk-computation.md, "Structured derivatives"; Novak et al. 2022, "Fast finite width neural tangent kernel",
/// sec. 3), so with v = (V_l, v_l) per layer
///   (J v)_(i,a) = sum_l G_l[i, a] . T_l[i],   T_l = m_W U_l V_l^T + m_b 1 v_l^T   (n x fan_out, one GEMM per layer),
///   J^T u = (m_W H_l^T U_l, m_b H_l^T 1)_l,    H_l[i] = sum_a u_(i,a) G_l[i, a]     (one GEMM per layer),
/// and G v = J^T (H_L (J v)) with H_L from <see cref="LossOutputHessian"/> (Schraudolph 2002, sec. 3). T_l is the
/// forward-mode tangent of layer l's pre-activations under its own parameters' direction. A forward-mode pass (the
/// issue's wording) would instead carry the accumulated tangent through the network, one more GEMM per layer
/// (dU_(l+1) W_(l+1)^T) and the activations' derivatives at every product; the signals G_l, taken once per batch,
/// already carry each layer's tangent to the outputs, so a product costs two GEMMs per layer and no autograd at all:
/// on the bench MLP 100-1024-1024-1, two large GEMMs (1000 x 1024 x 1024) against the six of a double-backward Hessian
/// product. The price is memory, n o fan_out numbers per layer for the signals, checked against the budget.
/// </summary>
internal sealed class ClosedFormGaussNewtonGraph : IBatchCurvature
{
    private readonly Model model;
    private readonly StructuredFactors factors;
    private readonly LossOutputHessian lossHessian;
    private readonly long[] outputShape;
    private readonly int[] weightPiece;
    private readonly int[] biasPiece;
    // m_W and m_b of each layer, held for the graph's life: an implicit double -> Scalar conversion can be finalized by
    // the GC while libtorch still reads it (see Adam.Step).
    private readonly Scalar[] weightMultiplier;
    private readonly Scalar[] biasMultiplier;

    /// <param name="model">The model; its measured parameters are exactly the layers' weights and measured biases.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="batch">The batch (its targets; its inputs went through the pass).</param>
    /// <param name="layers">The linear modules of the model's layers, in theta's order.</param>
    /// <param name="outputs">The pass's outputs, with their graph.</param>
    /// <param name="capture">What the layers saw in that pass (checked: each ran once on the batch's rows).</param>
    public ClosedFormGaussNewtonGraph(Model model, ModelLoss loss, Batch batch, IReadOnlyList<LinearModule> layers, Tensor outputs, LinearCapture capture)
    {
        this.model = model;
        long n = batch.Count, o = outputs.numel() / n;
        MemoryBudget.Require(FactorBytes(layers, n, o), $"the closed-form Gauss-Newton factors of a batch of {n} examples with {o} outputs");
        var names = model.Parameters.Select(p => p.Name).ToList();
        weightPiece = layers.Select(l => names.IndexOf(LinearModule.Qualified(l.Name, "weight"))).ToArray();
        biasPiece = layers.Select(l => l.BiasMultiplier == 0 ? -1 : names.IndexOf(LinearModule.Qualified(l.Name, "bias"))).ToArray();
        weightMultiplier = layers.Select(l => l.WeightMultiplier.ToScalar()).ToArray();
        biasMultiplier = layers.Select(l => l.BiasMultiplier.ToScalar()).ToArray();
        outputShape = outputs.shape;
        lossHessian = new LossOutputHessian(loss, outputs, batch.Targets);
        // Kept out of every dispose scope (a single batch's graph outlives the scope it is built in); Dispose frees them.
        using var scope = NewDisposeScope();
        try
        {
            var kept = StructuredFactors.FromPass(layers, outputs, capture, model.DType)
                .Select(l => l with { Inputs = l.Inputs.DetachFromDisposeScope(), Signals = l.Signals.DetachFromDisposeScope() }).ToList();
            factors = new StructuredFactors(kept, n, o);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether the closed form is the cheaper product for a batch of <paramref name="n"/> examples with
    /// <paramref name="o"/> outputs each: its factors must fit the memory budget, and, counting work in GEMMs the size
    /// of one layer's forward pass (n fan_in fan_out multiply-adds each), a batch whose graph is built once takes 2 per
    /// layer and product against autograd's 4 (J v by double backward through the graph of J^T w, 2; J^T u, 2); a batch
    /// rebuilt at every product adds the forward pass, 1, and the signals' o backward passes, 1 each, against autograd's
    /// forward pass and graph of J^T w, 3: 3 + o &lt; 7, so o &lt;= 3.
    /// </summary>
    public static bool Pays(IReadOnlyList<LinearModule> layers, long n, long o, bool builtOnce) =>
        FactorBytes(layers, n, o) <= MemoryBudget.Bytes && (builtOnce || o <= 3);

    /// <summary>The factors' bytes: n sum_l (fan_in + o fan_out) float64 numbers.</summary>
    private static double FactorBytes(IReadOnlyList<LinearModule> layers, long n, long o) => 8.0 * n * layers.Sum(l => l.FanIn + o * l.FanOut);

    /// <summary>The message of <see cref="GaussNewtonMethod.ClosedForm"/> on a model that does not qualify.</summary>
    public static string Unqualified(string reason) =>
        "the closed-form Gauss-Newton product needs a model whose measured layers are dense layers only (nn.Linear or DenseLayer), " +
        $"each applied once per example to a matrix of rows, and {reason}; use the autograd or auto method.";

    /// <summary>J_b^T H_Lb J_b v for v given as one piece per parameter tensor, in theta's layout.</summary>
    public Tensor Times(IReadOnlyList<Tensor> pieces)
    {
        using var scope = NewDisposeScope();
        long n = factors.Count, o = factors.Outputs;
        var jv = zeros(n, o, dtype: model.DType, device: model.Device);
        for (int l = 0; l < factors.Layers.Count; l++)
        {
            var layer = factors.Layers[l];
            var tangent = layer.Inputs.mm(pieces[weightPiece[l]].t()).mul_(weightMultiplier[l]);            // T = m_W U V^T
            if (biasPiece[l] >= 0) tangent.add_(pieces[biasPiece[l]], alpha: biasMultiplier[l]);            //   + m_b 1 v_b^T
            jv.add_(layer.Signals.bmm(tangent.unsqueeze(2)).squeeze(2), Held(1));                                    // G[i, a] . T[i]
        }
        var u = lossHessian.Times(jv.view(outputShape)).reshape(n, 1, o);
        var parts = new Tensor[pieces.Count];
        for (int l = 0; l < factors.Layers.Count; l++)
        {
            var layer = factors.Layers[l];
            var h = u.bmm(layer.Signals).squeeze(1);                                                        // H[i] = sum_a u_ia G[i, a]
            parts[weightPiece[l]] = h.t().mm(layer.Inputs).mul_(weightMultiplier[l]);                       // m_W H^T U
            if (biasPiece[l] >= 0) parts[biasPiece[l]] = h.sum(dim: 0).mul_(biasMultiplier[l]);             // m_b H^T 1
        }
        return model.Flatten(parts).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        factors?.Dispose();
        lossHessian.Dispose();
        foreach (var m in weightMultiplier.Concat(biasMultiplier)) m.Dispose();
    }
}

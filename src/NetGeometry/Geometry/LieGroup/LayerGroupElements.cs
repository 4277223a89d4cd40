using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.LieGroup;

/// <summary>One layer seen as a group element: its name and the n x n matrix (float64) it contributes to the path.</summary>
public sealed record GroupElement(string Layer, Tensor Matrix) : IDisposable
{
    public void Dispose() => Matrix.Dispose();
}

/// <summary>
/// A network's layers as elements of GL(n), in forward order (Dong &amp; Zhou: a deep network is a discretized curve in
/// a group of transformations; geometrization.md):
/// - a residual MLP's block x -> x + h act(m_W W x + m_b b) contributes its data-averaged Jacobian
///   J_l = I + h mean_i diag(act'(z_i)) m_W W_l over the given inputs (z_i its traced pre-activations), in closed form;
/// - an MLP's square hidden layers (fan-in = fan-out) contribute the orthogonal polar factor Q of W = Q S
///   (Q = U V^T from W = U Sigma V^T), the rotation the layer applies; only consecutive square layers compose, so
///   the longest run of them is taken (all hidden layers when the hidden widths are equal);
/// - other families have no such layers (the list is empty).
/// The path the network traces is then J_1, J_2 J_1, ..., J_L ... J_1.
/// </summary>
public static class LayerGroupElements
{
    public static IReadOnlyList<GroupElement> Of(INetwork network, Tensor inputs) => network switch
    {
        ResidualMlp residual => AveragedBlockJacobians(residual, inputs),
        Mlp mlp when mlp.IsDenseOnly() => SquareRun(mlp.Layers.Cast<DenseLayer>().ToList()).Select(l => new GroupElement(l.Name, PolarFactor(l.Weight))).ToList(),
        _ => [],
    };

    /// <summary>J_l = I + h diag(mean_i act'(z_i)) m_W W_l for every block, averaged over the inputs (n x d).</summary>
    public static IReadOnlyList<GroupElement> AveragedBlockJacobians(ResidualMlp network, Tensor inputs)
    {
        var slopeSums = network.Blocks.Select(b => zeros(b.FanOut, dtype: ScalarType.Float64, device: b.Weight.device)).ToArray();
        ForwardChunks.Visit(network, inputs, trace =>
        {
            for (int l = 0; l < network.Blocks.Count; l++)
            {
                var slopes = network.Activation.Derivative(trace[network.Blocks[l].Name].PreActivation);
                slopeSums[l].add_(slopes.sum(new long[] { 0 }).to_type(ScalarType.Float64));  // not sum(0): a literal 0 binds to sum(ScalarType)
            }
        });
        var elements = new List<GroupElement>();
        using var _ = no_grad();
        for (int l = 0; l < network.Blocks.Count; l++)
        {
            using var scope = NewDisposeScope();
            var block = network.Blocks[l];
            var meanSlope = slopeSums[l].div(inputs.shape[0]);
            var a = block.Weight.detach().to_type(ScalarType.Float64).mul(meanSlope.unsqueeze(1)).mul(block.WeightMultiplier * network.Step);
            var jacobian = eye(block.FanOut, dtype: ScalarType.Float64, device: a.device).add(a);
            elements.Add(new GroupElement(block.Name, jacobian.MoveToOuterDisposeScope()));
            slopeSums[l].Dispose();
        }
        return elements;
    }

    /// <summary>The longest run of consecutive square layers (the first such run on a tie).</summary>
    private static IReadOnlyList<DenseLayer> SquareRun(IReadOnlyList<DenseLayer> layers)
    {
        var best = new List<DenseLayer>();
        var current = new List<DenseLayer>();
        foreach (var layer in layers)
        {
            if (layer.FanIn == layer.FanOut && (current.Count == 0 || current[^1].FanOut == layer.FanIn)) current.Add(layer);
            else current = layer.FanIn == layer.FanOut ? [layer] : [];
            if (current.Count > best.Count) best = current.ToList();
        }
        return best;
    }

    /// <summary>The orthogonal polar factor U V^T of a square matrix W = U Sigma V^T.</summary>
    public static Tensor PolarFactor(Tensor weight)
    {
        using var scope = NewDisposeScope();
        var (u, _, vh) = linalg.svd(weight.detach().to_type(ScalarType.Float64), fullMatrices: false);
        return u.matmul(vh).MoveToOuterDisposeScope();
    }
}

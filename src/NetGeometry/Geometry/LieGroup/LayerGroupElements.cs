using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.LieGroup;

/// <summary>One layer seen as a group element: its name and the n x n matrix (float64) it contributes to the path.</summary>
/// <param name="Layer">The layer's name.</param>
/// <param name="Matrix">J_l, n x n float64.</param>
public sealed record GroupElement(string Layer, Tensor Matrix) : IDisposable
{
    /// <summary>Frees the matrix.</summary>
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
/// - an orthogonal (OPT) MLP's square OPT layers (Liu et al. 2021: W = V Q^T, V frozen) contribute the learned rotation
///   Q_l^T the layer applies to its input before its frozen neurons (geometrization.md: "for an orthogonal layer R_l,
///   log(R_l)"), again over the longest run of consecutive ones; the frozen V_l are left out of the path, and S-OPT
///   layers (whose Q turns a subset of coordinates per episode) are not group elements;
/// - other families have no such layers (the list is empty).
/// The path the network traces is then J_1, J_2 J_1, ..., J_L ... J_1.
/// </summary>
public static class LayerGroupElements
{
    /// <summary>The network's group elements in forward order (empty for a family without any), as listed above.</summary>
    /// <param name="network">A built-in network.</param>
    /// <param name="inputs">n x InputDim inputs; only a residual MLP's block Jacobians average over them.</param>
    public static IReadOnlyList<GroupElement> Of(INetwork network, Tensor inputs) => network switch
    {
        ResidualMlp residual => AveragedBlockJacobians(residual, inputs),
        Mlp mlp when mlp.IsDenseOnly() => SquareRun(mlp.Layers.Cast<DenseLayer>().ToList(), l => (l.FanIn, l.FanOut))
            .Select(l => new GroupElement(l.Name, PolarFactor(l.Weight))).ToList(),
        Mlp mlp when mlp.Layers.Any(l => l is OptDenseLayer) => SquareRun(mlp.Layers.ToList(), Rotation)
            .Select(l => new GroupElement(l.Name, LearnedRotation((OptDenseLayer)l))).ToList(),
        _ => [],
    };

    /// <summary>The sizes of a plain OPT layer's learned rotation (D x D on its D inputs), or (0, -1) for a layer without one.</summary>
    private static (long FanIn, long FanOut) Rotation(Layer layer) =>
        layer is OptDenseLayer { StochasticFraction: null } opt && opt.FanIn == opt.NeuronCount ? (opt.FanIn, opt.NeuronCount) : (0, -1);

    /// <summary>Q^T of an OPT layer, float64, detached.</summary>
    private static Tensor LearnedRotation(OptDenseLayer layer)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return layer.Q().t().to_type(ScalarType.Float64).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>J_l = I + h diag(mean_i act'(z_i)) m_W W_l for every block, averaged over the inputs (n x d).</summary>
    public static IReadOnlyList<GroupElement> AveragedBlockJacobians(ResidualMlp network, Tensor inputs)
    {
        var slopeSums = network.Blocks.Select(b => zeros(b.FanOut, dtype: ScalarType.Float64, device: b.Weight.device)).ToArray();
        ForwardChunks.Visit(network, inputs, trace =>
        {
            for (int l = 0; l < network.Blocks.Count; l++)
            {
                var slopes = network.Activation.Derivative(trace[network.Blocks[l].Name].PreActivation);
                slopeSums[l].add_(slopes.sum(new long[] { 0 }).to_type(ScalarType.Float64), Held(1));  // not sum(0): a literal 0 binds to sum(ScalarType)
            }
        });
        var elements = new List<GroupElement>();
        using var _ = no_grad();
        for (int l = 0; l < network.Blocks.Count; l++)
        {
            using var scope = NewDisposeScope();
            var block = network.Blocks[l];
            var meanSlope = slopeSums[l].div(Held(inputs.shape[0]));
            var a = block.Weight.detach().to_type(ScalarType.Float64).mul(meanSlope.unsqueeze(1)).mul(Held(block.WeightMultiplier * network.Step));
            var jacobian = eye(block.FanOut, dtype: ScalarType.Float64, device: a.device).add(a, Held(1));
            elements.Add(new GroupElement(block.Name, jacobian.MoveToOuterDisposeScope()));
            slopeSums[l].Dispose();
        }
        return elements;
    }

    /// <summary>The longest run of consecutive square layers (the first such run on a tie), sizes given by <paramref name="size"/>.</summary>
    private static IReadOnlyList<T> SquareRun<T>(IReadOnlyList<T> layers, Func<T, (long FanIn, long FanOut)> size)
    {
        var best = new List<T>();
        var current = new List<T>();
        foreach (var layer in layers)
        {
            var (fanIn, fanOut) = size(layer);
            if (fanIn == fanOut && (current.Count == 0 || size(current[^1]).FanOut == fanIn)) current.Add(layer);
            else current = fanIn == fanOut ? [layer] : [];
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

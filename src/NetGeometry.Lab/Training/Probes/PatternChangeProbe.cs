using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The activation-pattern change fraction of Du, Zhai, Poczos &amp; Singh (ICLR 2019), Sec. 5 / Fig. 1b, for every
/// dense layer whose output goes through ReLU (<see cref="INetwork.ActivationOf"/>), on the training set:
/// pattern_change_fraction = sum_i sum_r 1{sign(z_r(0)(x_i)) != sign(z_r(t)(x_i))} / (m n), z_r(t)(x_i) the layer's
/// pre-activation w_r(t) . u_i(t) on its own input u_i(t) at step t (for the two-layer network u_i = x_i, Du et al.'s
/// w_r . x_i), "sign" their indicator 1{z &gt;= 0}. The step-0 patterns are computed at the first call (step 0) from a
/// traced forward pass (<see cref="ForwardTrace"/>) and kept for the run.
/// </summary>
public sealed class PatternChangeProbe : IProbe, IDisposable
{
    private Dictionary<string, Tensor>? _initial;

    public string Name => "pattern-change";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("pattern_change_fraction", "activation-pattern change fraction (ratio)",
            "the fraction of (example, ReLU neuron) pairs whose activation 1{w_r . x_i >= 0} differs from the one at initialization"),
    ];

    public void Check(INetwork network, DataSplit data) =>
        InputException.Require(network.Layers.OfType<DenseLayer>().Any(l => network.ActivationOf(l) == Activation.Relu),
            $"the pattern-change probe needs a network with dense ReLU layers ({NetworkSpec.Field(nameof(NetworkSpec.Activation))} relu); this {network.Family} has none.");

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var patterns = Patterns(c.Network, c.Train.Inputs);
        if (_initial is null)
        {
            if (c.Step != 0) throw new InvalidOperationException($"the pattern-change probe must first run at step 0, not {c.Step}.");
            _initial = patterns.ToDictionary(p => p.Key, p => p.Value.DetachFromDisposeScope());
            return patterns.Keys.Select(layer => c.Value("pattern_change_fraction", 0.0, layer)).ToList();
        }
        return patterns.Select(p =>
        {
            using var changed = p.Value.ne(_initial[p.Key]).to_type(ScalarType.Float64).mean();
            return c.Value("pattern_change_fraction", changed.item<double>(), p.Key);
        }).ToList();
    }

    /// <summary>1{z &gt;= 0} (n x m, bool) of each ReLU dense layer's pre-activations on x, by layer name.</summary>
    private static Dictionary<string, Tensor> Patterns(INetwork network, Tensor x)
    {
        var trace = new ForwardTrace();
        using (no_grad()) network.Forward(x, trace);
        var relu = trace.Records.Where(r => network.ActivationOf(r.Layer) == Activation.Relu).ToList();
        if (relu.Select(r => r.Layer.Name).Distinct().Count() != relu.Count)
            throw new InvalidOperationException("the pattern-change probe needs each ReLU layer applied once per example.");
        return relu.ToDictionary(r => r.Layer.Name, r => r.PreActivation.ge(Held(0)));
    }

    public void Dispose()
    {
        foreach (var pattern in _initial?.Values ?? Enumerable.Empty<Tensor>()) pattern.Dispose();
    }
}

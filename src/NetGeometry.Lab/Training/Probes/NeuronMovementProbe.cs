using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// How far each neuron moved from initialization: ||w_r(t) - w_r(0)||_2 over the rows w_r of every trained dense
/// weight matrix, recorded per layer as its maximum (neuron_movement_max) and mean (neuron_movement_mean). Du, Zhai,
/// Poczos &amp; Singh (ICLR 2019), Lemma 3.3 / Thm. 4.1: for the two-layer ReLU network every
/// ||w_r(k) - w_r(0)|| &lt;= 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0), so both fall like m^(-1/2) in the width m.
/// The layer-level distance ||W(t) - W(0)||_F is the "distance" probe's.
/// </summary>
public sealed class NeuronMovementProbe : IProbe
{
    public string Name => "movement";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("neuron_movement_max", "max_r ||w_r(t) - w_r(0)||_2", "the largest distance any neuron (row of a dense weight matrix) moved from its initial value"),
        new("neuron_movement_mean", "mean_r ||w_r(t) - w_r(0)||_2", "the mean distance the neurons (rows of a dense weight matrix) moved from their initial values"),
    ];

    public void Check(INetwork network, DataSplit data) =>
        InputException.Require(TrainedDenseLayers(network).Any(),
            $"the movement probe needs a network with a trained dense layer (its neurons are the rows of the weight matrix); this {network.Family} has none.");

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var values = new List<Metric>();
        foreach (var layer in TrainedDenseLayers(c.Network))
        {
            using var scope = NewDisposeScope();
            var movement = layer.Weight.detach().sub(c.Initial[$"{layer.Name}.weight"]).norm(1);
            values.Add(c.Value("neuron_movement_max", movement.max().item<double>(), layer.Name));
            values.Add(c.Value("neuron_movement_mean", movement.mean().item<double>(), layer.Name));
        }
        return values;
    }

    /// <summary>The dense layers whose weight matrix training updates.</summary>
    private static IEnumerable<DenseLayer> TrainedDenseLayers(INetwork network) =>
        network.Layers.OfType<DenseLayer>().Where(l => l.Trainable && l.Parameters[0].Trainable);
}

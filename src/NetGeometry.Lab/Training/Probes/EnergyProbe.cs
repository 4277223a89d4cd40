using NetGeometry.Networks;
using NetGeometry.Orthogonal;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The hyperspherical energy of every layer's neurons (Liu et al., CVPR 2021: OPT keeps it at its initial value),
/// averaged over pairs: energy_s0, energy_s1, energy_s2 (Euclidean distance), energy_s1_angular and energy_s1_half
/// (<see cref="EnergyVariant.Recorded"/>), one value per layer with at least two neurons.
/// </summary>
public sealed class EnergyProbe : IProbe
{
    public string Name => "energy";

    public IEnumerable<Metric> Measure(ProbeContext c) =>
        NetworkEnergy.PerLayer(c.Network, EnergyVariant.Recorded)
            .SelectMany(layer => layer.Values.Select(v => c.Value(v.Variant.MetricName, v.Mean, layer.Layer)));
}

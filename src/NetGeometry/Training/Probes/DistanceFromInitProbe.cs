using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// How far the parameters moved from initialization: ||theta_l(t) - theta_l(0)||_F (distance_from_init) and
/// ||theta_l(t) - theta_l(0)||_F / ||theta_l(0)||_F (relative_distance_from_init), per layer and for the whole
/// network (Du et al.'s lazy-training quantity; Zhang, Bengio &amp; Singer's per-layer movement), over the trainable
/// parameters (an OPT layer's R and bias, not its frozen V).
/// </summary>
public sealed class DistanceFromInitProbe : IProbe
{
    public string Name => "distance";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("distance_from_init", "distance from initialization ||W(t) - W(0)||_F",
            "how far the parameters moved from their initial values (Frobenius norm), whole network and per layer"),
        new("relative_distance_from_init", "relative distance ||W(t) - W(0)||_F / ||W(0)||_F (ratio)",
            "the distance from initialization divided by the initial norm: small means lazy (kernel-regime) training"),
    ];

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var perLayer = new List<(string Layer, double Moved, double Initial)>();
        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var layer in c.Network.Layers)
            {
                double moved = 0, initial = 0;
                foreach (var p in layer.Parameters.Where(p => p.Trainable))
                {
                    var start = c.Initial[p.Key];
                    moved += p.Value.sub(start).square().sum().item<double>();
                    initial += start.square().sum().item<double>();
                }
                perLayer.Add((layer.Name, moved, initial));
            }
        }
        double totalMoved = perLayer.Sum(l => l.Moved), totalInitial = perLayer.Sum(l => l.Initial);
        yield return c.Value("distance_from_init", Math.Sqrt(totalMoved));
        yield return c.Value("relative_distance_from_init", Math.Sqrt(totalMoved / totalInitial));
        foreach (var (layer, moved, initial) in perLayer)
        {
            yield return c.Value("distance_from_init", Math.Sqrt(moved), layer);
            if (initial > 0) yield return c.Value("relative_distance_from_init", Math.Sqrt(moved / initial), layer);
        }
    }
}

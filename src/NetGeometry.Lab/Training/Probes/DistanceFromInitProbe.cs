using NetGeometry.Geometry.Paths;
using NetGeometry.Networks;

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
        var trainable = c.Network.TrainableEntries().ToList();
        var moved = LayerDistances.Squared(trainable, c.Initial);
        var initial = LayerDistances.SquaredNorms(c.Initial.Matching(trainable));
        double totalMoved = moved.Sum(l => l.Squared), totalInitial = initial.Sum(l => l.Squared);
        yield return c.Value("distance_from_init", Math.Sqrt(totalMoved));
        yield return c.Value("relative_distance_from_init", Math.Sqrt(totalMoved / totalInitial));
        foreach (var (layer, squared) in moved)
        {
            double start = initial.FirstOrDefault(i => i.Layer == layer).Squared;
            yield return c.Value("distance_from_init", Math.Sqrt(squared), layer);
            if (start > 0) yield return c.Value("relative_distance_from_init", Math.Sqrt(squared / start), layer);
        }
    }
}

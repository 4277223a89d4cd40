using NetGeometry.Geometry.Paths;
using NetGeometry.Networks;

namespace NetGeometry.Training.Probes;

/// <summary>
/// How far the parameters moved from initialization: ||theta_l(t) - theta_l(0)||_F (distance_from_init) and
/// ||theta_l(t) - theta_l(0)||_F / ||theta_l(0)||_F (relative_distance_from_init), per layer and for the whole
/// network (Du et al.'s lazy-training quantity; Zhang, Bengio &amp; Singer's per-layer movement).
/// </summary>
public sealed class DistanceFromInitProbe : IProbe
{
    public string Name => "distance";

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var parameters = c.Network.AllParameters().ToList();
        var moved = LayerDistances.Squared(parameters, c.Initial);
        var initial = LayerDistances.SquaredNorms(c.Initial.Entries);
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

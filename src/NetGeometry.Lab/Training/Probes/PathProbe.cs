using NetGeometry.Geometry.Paths;
using NetGeometry.Networks;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The training path's length and straightness (Dong &amp; Zhou's geometrization, geometrization.md): per layer and
/// for the whole network, trajectory_length = sum_s ||theta_{s+1} - theta_s|| and straightness = distance from
/// initialization / trajectory_length; and function_space_length = sum_s ||f_{s+1} - f_s|| / sqrt(n) on the training
/// set. Lengths are those of the polygon through the probed steps (the whole path with --probe-schedule every:1; a
/// lower bound otherwise). The distances themselves are the "distance" probe's.
/// </summary>
/// <remarks>Stateful: it keeps the previous probed point and the running lengths, so one instance serves one run
/// (the registry makes a new one per run). The first call must be at step 0, which every schedule includes.</remarks>
public sealed class PathProbe : IProbe
{
    private TrainingPath? _path;

    public string Name => "path";

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var trainable = c.Network.TrainableEntries().ToList();
        _path ??= new TrainingPath(c.Initial.Matching(trainable), c.TrainOutputs);
        var point = _path.Advance(c.Step, trainable, c.TrainOutputs);
        return Metrics(point, includeDistances: false);
    }

    /// <summary>
    /// A path point as metrics: trajectory_length and straightness (whole network and per layer; straightness only
    /// once the path has length), function_space_length and function_space_distance when measured, and, when
    /// <paramref name="includeDistances"/>, distance_from_init and relative_distance_from_init (the names the
    /// "distance" probe uses).
    /// </summary>
    public static IEnumerable<Metric> Metrics(PathPoint point, bool includeDistances)
    {
        foreach (var layer in point.Layers.Prepend(point.Total))
        {
            if (includeDistances)
            {
                yield return new Metric(point.Step, "distance_from_init", layer.Layer, layer.DistanceFromInit);
                if (double.IsFinite(layer.RelativeDistanceFromInit))
                    yield return new Metric(point.Step, "relative_distance_from_init", layer.Layer, layer.RelativeDistanceFromInit);
            }
            yield return new Metric(point.Step, "trajectory_length", layer.Layer, layer.Length);
            if (double.IsFinite(layer.Straightness)) yield return new Metric(point.Step, "straightness", layer.Layer, layer.Straightness);
        }
        if (point.FunctionSpaceLength is { } length) yield return new Metric(point.Step, "function_space_length", null, length);
        if (point.FunctionSpaceDistance is { } distance) yield return new Metric(point.Step, "function_space_distance", null, distance);
    }
}

using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Paths;

/// <summary>
/// Path quantities of one layer (or, with Layer null, of the whole network) at a point of a training path:
/// distance from initialization ||theta_t - theta_0||, the same relative to ||theta_0|| (NaN when that is 0),
/// trajectory length sum_s ||theta_{s+1} - theta_s|| over the points seen so far, and
/// straightness = distance / length (1 on a straight line; NaN before the path has any length).
/// </summary>
/// <param name="Layer">The layer's name, or null for the whole network.</param>
/// <param name="DistanceFromInit">||theta_t - theta_0||.</param>
/// <param name="RelativeDistanceFromInit">||theta_t - theta_0|| / ||theta_0||; NaN when ||theta_0|| = 0.</param>
/// <param name="Length">sum_s ||theta_{s+1} - theta_s|| over the points seen.</param>
/// <param name="Straightness">Distance / length; NaN while the length is 0.</param>
public sealed record LayerPath(string? Layer, double DistanceFromInit, double RelativeDistanceFromInit, double Length, double Straightness);

/// <summary>
/// The path quantities at one step: per layer and total (<see cref="LayerPath"/>), and, when outputs on the training
/// set were given, the function-space length sum_s ||f_{s+1} - f_s||_F / sqrt(n) and the function-space distance
/// ||f_t - f_0||_F / sqrt(n). For the square loss the function-space length is the Fisher-Rao length
/// sum_s sqrt(dtheta^T F dtheta) with F = J^T J / n in the limit of fine steps (geometrization.md).
/// </summary>
/// <param name="Step">The training step of the point.</param>
/// <param name="Total">The whole network's quantities.</param>
/// <param name="Layers">Each layer's, in the parameters' layer order.</param>
/// <param name="FunctionSpaceLength">sum_s ||f_{s+1} - f_s||_F / sqrt(n), or null without outputs.</param>
/// <param name="FunctionSpaceDistance">||f_t - f_0||_F / sqrt(n), or null without outputs.</param>
public sealed record PathPoint(long Step, LayerPath Total, IReadOnlyList<LayerPath> Layers, double? FunctionSpaceLength, double? FunctionSpaceDistance);

/// <summary>
/// A training path measured point by point, in increasing step order, as Dong &amp; Zhou's geometrization reads it
/// (operational definitions in geometrization.md). It keeps the initial point, the previous point and the running
/// lengths (so it is stateful: one instance per path), and measures lengths between the points it is given: the
/// length of a path sampled every k steps is the length of the polygon through those samples, a lower bound on the
/// length of the full path that approaches it as k shrinks (every:1 gives it exactly). Dispose it.
/// </summary>
public sealed class TrainingPath : IDisposable
{
    private readonly ParameterSnapshot _initial;
    private readonly IReadOnlyList<(string Layer, double Squared)> _initialNorms;
    private readonly Tensor? _initialOutputs;
    private readonly Dictionary<string, double> _lengths = new();
    private ParameterSnapshot? _previous;
    private Tensor? _previousOutputs;
    private double _totalLength, _functionLength;

    /// <summary>Starts the path at <paramref name="initial"/> (copied), with the outputs there if function-space
    /// quantities are wanted.</summary>
    public TrainingPath(IEnumerable<NamedParameter> initial, Tensor? initialOutputs = null)
    {
        _initial = Kept(initial);
        _initialNorms = LayerDistances.SquaredNorms(_initial.Entries);
        _initialOutputs = initialOutputs?.detach().clone().DetachFromDisposeScope();
    }

    /// <summary>Adds the point reached at <paramref name="step"/> and returns the path quantities there.</summary>
    public PathPoint Advance(long step, IEnumerable<NamedParameter> parameters, Tensor? outputs = null)
    {
        var current = parameters.ToList();
        var fromInit = LayerDistances.Squared(current, _initial);
        var moved = _previous is null ? fromInit.Select(d => (d.Layer, Squared: 0.0)).ToList() : LayerDistances.Squared(current, _previous);
        foreach (var (layer, squared) in moved)
            _lengths[layer] = _lengths.GetValueOrDefault(layer) + Math.Sqrt(squared);
        _totalLength += Math.Sqrt(moved.Sum(m => m.Squared));

        var layers = fromInit.Select(d => Measures(d.Layer, d.Squared, InitialSquared(d.Layer), _lengths[d.Layer])).ToList();
        var total = Measures(null, fromInit.Sum(d => d.Squared), _initialNorms.Sum(n => n.Squared), _totalLength);

        double? functionLength = null, functionDistance = null;
        if (outputs is not null && _initialOutputs is not null)
        {
            double scale = Math.Sqrt(outputs.shape[0]);
            _functionLength += _previousOutputs is null ? 0 : Distance(outputs, _previousOutputs) / scale;
            functionLength = _functionLength;
            functionDistance = Distance(outputs, _initialOutputs) / scale;
            _previousOutputs?.Dispose();
            _previousOutputs = outputs.detach().clone().DetachFromDisposeScope();
        }
        _previous?.Dispose();
        _previous = Kept(current);
        return new PathPoint(step, total, layers, functionLength, functionDistance);
    }

    /// <summary>A copy that outlives the caller's dispose scope (a probe runs inside one per step; this path keeps
    /// its points across steps and disposes them itself).</summary>
    private static ParameterSnapshot Kept(IEnumerable<NamedParameter> parameters)
    {
        var copy = ParameterSnapshot.Capture(parameters);
        foreach (var e in copy.Entries) e.Value.DetachFromDisposeScope();
        return copy;
    }

    private double InitialSquared(string layer) => _initialNorms.FirstOrDefault(n => n.Layer == layer).Squared;

    private static LayerPath Measures(string? layer, double squaredDistance, double squaredInitial, double length)
    {
        double distance = Math.Sqrt(squaredDistance);
        return new LayerPath(layer, distance, squaredInitial > 0 ? distance / Math.Sqrt(squaredInitial) : double.NaN,
            length, length > 0 ? distance / length : double.NaN);
    }

    private static double Distance(Tensor a, Tensor b)
    {
        using var _ = no_grad();
        using var difference = a.sub(b);
        using var norm = difference.norm();
        return norm.item<double>();
    }

    /// <summary>Frees the kept points: the initial and the previous parameters and outputs.</summary>
    public void Dispose()
    {
        _initial.Dispose();
        _initialOutputs?.Dispose();
        _previous?.Dispose();
        _previousOutputs?.Dispose();
    }
}

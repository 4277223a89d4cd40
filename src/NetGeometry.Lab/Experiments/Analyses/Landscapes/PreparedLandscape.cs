using NetGeometry.Landscapes;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Analyses.Landscapes;

/// <summary>A checkpoint of the recorded trajectory: its step and its parameters theta_t (float64, the model's layout).</summary>
internal sealed record TrajectoryPoint(long Step, Tensor Theta);

/// <summary>
/// A landscape ready to draw, every input checked and loaded: the model at its final weights theta*, the data, the
/// recorded trajectory (a run's checkpoints, initialization first; none for a TorchScript model), the other model's
/// final weights for the mode-connectivity line, where the model came from and the spec.json of the output.
/// Disposing it frees all of them.
/// </summary>
internal sealed class PreparedLandscape(LandscapeSpec spec, Model model, LandscapeData data, Tensor final,
    IReadOnlyList<TrajectoryPoint> trajectory, Tensor? other, string source, AnalysisSpec output, IReadOnlyList<IDisposable> owned) : IDisposable
{
    public LandscapeSpec Spec { get; } = spec;
    public Model Model { get; } = model;
    public LandscapeData Data { get; } = data;
    /// <summary>theta*, the final weights: every plane's origin.</summary>
    public Tensor Final { get; } = final;
    public IReadOnlyList<TrajectoryPoint> Trajectory { get; } = trajectory;
    public Tensor? Other { get; } = other;
    public string Source { get; } = source;
    public AnalysisSpec Output { get; } = output;

    public void Dispose()
    {
        foreach (var o in owned.Reverse()) o.Dispose();
    }
}

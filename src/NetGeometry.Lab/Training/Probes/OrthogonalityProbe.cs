using NetGeometry.Networks;

namespace NetGeometry.Training.Probes;

/// <summary>
/// orthogonality_error = ||Q Q^T - I||_F of each OPT layer's orthogonal matrix: round-off for the maps (GS, HR, LS,
/// CP, EXP, NS), OGD's drift (kept below its tolerance), and how far OR's soft penalty lets R stray. Nothing for a
/// network without OPT layers.
/// </summary>
public sealed class OrthogonalityProbe : IProbe
{
    public string Name => "orthogonality";

    public IEnumerable<Metric> Measure(ProbeContext c) =>
        c.Network.Layers.OfType<OptLayer>().Select(layer => c.Value("orthogonality_error", layer.OrthogonalityError(), layer.Name));
}

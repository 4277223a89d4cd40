using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Retention;

/// <summary>A recorder that passes every metric on and only the checkpoints of the kept steps (the others are never written).</summary>
internal sealed class RetainingRecorder(IRunRecorder inner, IReadOnlySet<long> kept) : IRunRecorder
{
    public void Record(IReadOnlyList<Metric> metrics) => inner.Record(metrics);

    public void SaveCheckpoint(long step, ParameterSnapshot snapshot)
    {
        if (kept.Contains(step)) inner.SaveCheckpoint(step, snapshot);
    }
}

using NetGeometry.Networks;

namespace NetGeometry.Training;

/// <summary>
/// Where a training run puts what it records, as it records it (the results store implements it), so that a run
/// stopped at any point keeps everything recorded before.
/// </summary>
public interface IRunRecorder
{
    void Record(IReadOnlyList<Metric> metrics);
    void SaveCheckpoint(long step, ParameterSnapshot snapshot);
}

using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Tests;

/// <summary>An in-memory IRunRecorder for tests.</summary>
public sealed class MemoryRecorder : IRunRecorder, IDisposable
{
    public List<Metric> Metrics { get; } = new();
    public List<(long Step, ParameterSnapshot Snapshot)> Checkpoints { get; } = new();

    public void Record(IReadOnlyList<Metric> metrics) => Metrics.AddRange(metrics);

    public void SaveCheckpoint(long step, ParameterSnapshot snapshot) =>
        Checkpoints.Add((step, ParameterSnapshot.Capture(snapshot.Entries)));

    public IEnumerable<Metric> Series(string name, string? layer = null) =>
        Metrics.Where(m => m.Name == name && m.Layer == layer).OrderBy(m => m.Step);

    public void Dispose()
    {
        foreach (var (_, s) in Checkpoints) s.Dispose();
    }
}

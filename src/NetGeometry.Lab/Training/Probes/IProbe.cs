using NetGeometry.Data;
using NetGeometry.Networks;

namespace NetGeometry.Training.Probes;

/// <summary>An observer called at scheduled steps of a run; it measures and returns named values, never prints.</summary>
public interface IProbe
{
    /// <summary>The name a spec uses to ask for it.</summary>
    string Name { get; }
    IEnumerable<Metric> Measure(ProbeContext context);

    /// <summary>What the metrics this probe records mean (reports and figure axes use it).</summary>
    IReadOnlyList<MetricDescription> Describes => [];

    /// <summary>Throws an <see cref="Engine.InputException"/> when the probe cannot measure this network on these data
    /// (a probe that needs a two-layer ReLU network, say); called before the run starts.</summary>
    void Check(INetwork network, DataSplit data) { }
}

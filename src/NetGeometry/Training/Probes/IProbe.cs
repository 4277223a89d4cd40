namespace NetGeometry.Training.Probes;

/// <summary>An observer called at scheduled steps of a run; it measures and returns named values, never prints.</summary>
public interface IProbe
{
    /// <summary>The name a spec uses to ask for it.</summary>
    string Name { get; }
    IEnumerable<Metric> Measure(ProbeContext context);

    /// <summary>What the metrics this probe records mean (reports and figure axes use it).</summary>
    IReadOnlyList<MetricDescription> Describes => [];
}

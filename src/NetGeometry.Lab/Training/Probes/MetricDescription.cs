namespace NetGeometry.Training.Probes;

/// <summary>
/// What a recorded metric is, for figures and reports: its axis label (with its unit or "ratio" when it has none)
/// and one line saying what it measures.
/// </summary>
public sealed record MetricDescription(string Name, string AxisLabel, string Meaning);

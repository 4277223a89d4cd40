namespace NetGeometry.Training;

/// <summary>One recorded value: a named quantity at a training step, for one layer or (Layer = null) the whole network.</summary>
public readonly record struct Metric(long Step, string Name, string? Layer, double Value);

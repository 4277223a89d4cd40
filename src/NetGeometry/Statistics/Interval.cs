namespace NetGeometry.Statistics;

/// <summary>A closed interval [Low, High] of the real line (a confidence interval, an expected range).</summary>
public readonly record struct Interval(double Low, double High)
{
    public bool Contains(double value) => value >= Low && value <= High;
}

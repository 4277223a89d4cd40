namespace NetGeometry.Statistics;

/// <summary>A closed interval [Low, High] of the real line (a confidence interval, an expected range).</summary>
/// <param name="Low">The lower bound (NaN when the interval is undefined, -infinity when unbounded).</param>
/// <param name="High">The upper bound (NaN when the interval is undefined, +infinity when unbounded).</param>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>Whether Low &lt;= <paramref name="value"/> &lt;= High (false for NaN bounds or a NaN value).</summary>
    public bool Contains(double value) => value >= Low && value <= High;
}

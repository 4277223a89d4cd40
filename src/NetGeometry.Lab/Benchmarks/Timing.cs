using System.Diagnostics;

namespace NetGeometry.Benchmarks;

/// <summary>Wall-clock timing for benchmarks.</summary>
internal static class Timing
{
    /// <summary>The seconds one run of <paramref name="work"/> takes.</summary>
    public static double Seconds(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalSeconds;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("the median of no values.");
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

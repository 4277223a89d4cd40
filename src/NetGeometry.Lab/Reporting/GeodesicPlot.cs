using System.Globalization;
using NetGeometry.Geometry.Quantum;
using ScottPlot;

namespace NetGeometry.Reporting;

/// <summary>
/// Pictures of a geodesic found by <see cref="CircuitComplexity"/>: the Hamiltonian's Pauli coefficients h_sigma(t)
/// along the path (the terms that ever reach 2% of the largest, at most <see cref="MaxTerms"/>; cheap terms solid,
/// penalized ones dashed), and the cost accumulated along the geodesic against the straight path exp(-i H* t).
/// </summary>
internal static class GeodesicPlot
{
    public const int Width = 800, Height = 500, MaxTerms = 12;

    public static Plot Hamiltonian(CircuitComplexityResult result)
    {
        var plot = new Plot();
        var t = Times(result);
        int m = result.Terms.Count;
        var peaks = Enumerable.Range(0, m).Select(s => result.Path.Max(row => Math.Abs(row[s]))).ToArray();
        double largest = peaks.DefaultIfEmpty(0).Max();
        foreach (int s in Enumerable.Range(0, m).Where(s => peaks[s] >= 0.02 * largest && peaks[s] > 0).OrderByDescending(s => peaks[s]).Take(MaxTerms))
        {
            var line = plot.Add.Scatter(t, result.Path.Select(row => row[s]).ToArray());
            line.MarkerSize = 0;
            line.LegendText = result.TermBodies[s] <= result.CheapBodies ? result.Terms[s] : $"{result.Terms[s]} (x q)";
            if (result.TermBodies[s] > result.CheapBodies) line.LinePattern = LinePattern.Dashed;
        }
        plot.Legend.IsVisible = true;
        plot.Title($"geodesic H(t), q = {F(result.Q)}: length {F(result.Length)} vs straight {F(result.StraightLength)}");
        plot.XLabel("t");
        plot.YLabel("Pauli coefficient h_sigma(t)");
        return plot;
    }

    public static Plot AccumulatedCost(CircuitComplexityResult result)
    {
        var plot = new Plot();
        var t = Times(result);
        var accumulated = new double[t.Length];
        for (int k = 1; k < t.Length; k++)
            accumulated[k] = accumulated[k - 1] + (t[k] - t[k - 1]) * (result.Speeds[k] + result.Speeds[k - 1]) / 2;
        var geodesic = plot.Add.Scatter(t, accumulated);
        geodesic.MarkerSize = 0;
        geodesic.LegendText = "geodesic";
        var straight = plot.Add.Scatter(t, t.Select(x => x * result.StraightLength).ToArray());
        straight.MarkerSize = 0;
        straight.LinePattern = LinePattern.Dashed;
        straight.LegendText = "straight path exp(-i H* t)";
        plot.Legend.IsVisible = true;
        plot.Title($"cost accumulated along the path, q = {F(result.Q)}");
        plot.XLabel("t");
        plot.YLabel("length so far");
        return plot;
    }

    public static byte[] RenderPng(Plot plot)
    {
        using (plot) return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static double[] Times(CircuitComplexityResult result) =>
        Enumerable.Range(0, result.Path.Length).Select(k => (double)k / result.Steps).ToArray();

    private static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}

using NetGeometry.WeightSpectra;

namespace NetGeometry.Reporting;

/// <summary>
/// A layer's empirical spectral density as Martin &amp; Mahoney draw it (JMLR 2021, fig. 5): a histogram of the
/// eigenvalues of W^T W / N on log-spaced bins, log-log, with the fitted Marchenko-Pastur bulk and the fitted power-law
/// tail (its density scaled to the tail's share of the eigenvalues) over it.
/// </summary>
internal static class EsdChart
{
    /// <summary>Bins of the histogram, log-spaced between the smallest positive and the largest eigenvalue.</summary>
    public const int Bins = 40;

    public static Figure Create(LayerSpectrum layer)
    {
        var positive = layer.Eigenvalues.Where(v => v > 0).ToArray();
        double low = positive[0], high = positive[^1] * (1 + 1e-12);
        double step = high > low ? Math.Log(high / low) / Bins : 1;
        var counts = new int[Bins];
        foreach (var v in positive) counts[Math.Min(Bins - 1, (int)(Math.Log(v / low) / step))]++;
        var bins = Enumerable.Range(0, Bins).Where(j => counts[j] > 0).ToList();
        double Edge(int j) => low * Math.Exp(j * step);
        var histogram = new ChartSeries("eigenvalues of W^T W / N",
            bins.Select(j => Math.Sqrt(Edge(j) * Edge(j + 1))).ToList(),
            bins.Select(j => counts[j] / (layer.Columns * (Edge(j + 1) - Edge(j)))).ToList(), SeriesStyle.Points);
        var mp = layer.MarchenkoPastur;
        var support = Enumerable.Range(1, 199).Select(i => mp.LowerEdge + (mp.UpperEdge - mp.LowerEdge) * i / 200).ToList();
        var series = new List<ChartSeries>
        {
            histogram,
            new($"Marchenko-Pastur bulk (Q = {mp.AspectRatio:G3}, sigma^2 = {mp.Variance:G3}, {mp.Spikes} spikes)", support,
                support.Select(mp.Density).ToList(), SeriesStyle.Line),
        };
        if (layer.PowerLaw is { } fit)
        {
            var tail = Enumerable.Range(0, 50).Select(i => fit.XMin * Math.Pow(positive[^1] / fit.XMin, i / 49.0)).ToList();
            double share = (double)fit.TailCount / layer.Columns;
            series.Add(new($"power law alpha = {fit.Alpha:F2} [{fit.Interval.Low:F2}, {fit.Interval.High:F2}] from x_min = {fit.XMin:G3}", tail,
                tail.Select(x => share * (fit.Alpha - 1) / fit.XMin * Math.Pow(x / fit.XMin, -fit.Alpha)).ToList(), SeriesStyle.Dashed));
        }
        string alpha = layer.PowerLaw is { } f ? $"alpha = {f.Alpha:F2}" : $"no power-law fit (fewer than {PowerLawFit.MinimumTail} eigenvalues)";
        return new Figure($"esd-{FileSafe(layer.Layer)}", $"Weight spectrum of layer {layer.Layer}",
            $"Empirical spectral density of layer {layer.Layer} ({layer.Rows} x {layer.Columns}): {alpha}, stable rank {layer.StableRank:G3}, " +
            $"spectral norm {layer.SpectralNorm:G3}; the Marchenko-Pastur law fitted to the bulk and the power law fitted to the tail (Clauset et al. 2009).",
            new Chart(new ChartAxis("eigenvalue of W^T W / N", AxisScale.Log), new ChartAxis("density", AxisScale.Log), series));
    }

    /// <summary>A layer name as part of a file name ("" is the root module).</summary>
    public static string FileSafe(string layer) => layer.Length == 0 ? "root" : string.Concat(layer.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}

using System.Globalization;
using NetGeometry.Reporting;
using NetGeometry.Training;
using NetGeometry.WeightSpectra;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// netgeo weights' run directory, runs/weights-&lt;UTC time&gt;/ (<see cref="AnalysisOutput"/>): the metrics
/// weight_alpha (with _low, _high: its 95% interval), weight_stable_rank, weight_spectral_norm,
/// weight_log_frobenius_norm, weight_mp_variance and weight_mp_spikes per layer at the measured step; weights.csv (one
/// row per layer, every fitted value), esd.csv (layer, eigenvalue) and figures/esd-&lt;layer&gt;.png|svg|csv.
/// </summary>
internal static class WeightsOutput
{
    public const string TableFile = "weights.csv";
    public const string EigenvaluesFile = "esd.csv";

    public static string Write(string root, WeightsMeasurement measured) => AnalysisOutput.Write(root, "weights", measured.Spec, directory =>
    {
        directory.Store.Record(measured.Layers.SelectMany(l => Metrics(l, measured.Step)).ToList());
        AnalysisOutput.AddText(directory, TableFile, ArtifactKinds.Csv, writer => WriteTable(writer, measured.Layers));
        AnalysisOutput.AddText(directory, EigenvaluesFile, ArtifactKinds.Csv, writer =>
        {
            writer.Write("layer,eigenvalue\n");
            foreach (var layer in measured.Layers)
                foreach (var v in layer.Eigenvalues) writer.Write($"{MetricsCsv.Field(layer.Layer)},{MetricsCsv.Number(v)}\n");
        });
        foreach (var layer in measured.Layers) AnalysisOutput.AddFigure(directory, EsdChart.Create(layer));
    });

    private static IEnumerable<Metric> Metrics(LayerSpectrum l, long step)
    {
        if (l.PowerLaw is { } fit)
        {
            yield return new Metric(step, "weight_alpha", l.Layer, fit.Alpha);
            yield return new Metric(step, "weight_alpha_low", l.Layer, fit.Interval.Low);
            yield return new Metric(step, "weight_alpha_high", l.Layer, fit.Interval.High);
        }
        yield return new Metric(step, "weight_stable_rank", l.Layer, l.StableRank);
        yield return new Metric(step, "weight_spectral_norm", l.Layer, l.SpectralNorm);
        yield return new Metric(step, "weight_log_frobenius_norm", l.Layer, l.LogFrobeniusNorm);
        yield return new Metric(step, "weight_mp_variance", l.Layer, l.MarchenkoPastur.Variance);
        yield return new Metric(step, "weight_mp_spikes", l.Layer, l.MarchenkoPastur.Spikes);
    }

    private static void WriteTable(TextWriter writer, IEnumerable<LayerSpectrum> layers)
    {
        writer.Write("layer,rows,columns,alpha,alpha_low,alpha_high,alpha_standard_error,x_min,ks_distance,tail_count," +
            "mp_aspect_ratio,mp_variance,mp_fitted_aspect_ratio,mp_lower_edge,mp_upper_edge,mp_spike_threshold,mp_spikes,stable_rank,spectral_norm,log10_frobenius_norm\n");
        foreach (var l in layers)
        {
            var p = l.PowerLaw;
            var mp = l.MarchenkoPastur;
            string N(double? v) => v is { } x ? MetricsCsv.Number(x) : "";
            writer.Write(string.Join(",", MetricsCsv.Field(l.Layer), l.Rows.ToString(CultureInfo.InvariantCulture), l.Columns.ToString(CultureInfo.InvariantCulture),
                N(p?.Alpha), N(p?.Interval.Low), N(p?.Interval.High), N(p?.StandardError), N(p?.XMin), N(p?.KsDistance), N(p?.TailCount),
                N(mp.AspectRatio), N(mp.Variance), N(mp.FittedAspectRatio), N(mp.LowerEdge), N(mp.UpperEdge), N(mp.SpikeThreshold), N(mp.Spikes),
                N(l.StableRank), N(l.SpectralNorm), N(l.LogFrobeniusNorm)) + "\n");
        }
    }
}

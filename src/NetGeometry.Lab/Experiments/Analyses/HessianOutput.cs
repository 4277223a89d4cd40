using System.Diagnostics;
using System.Globalization;
using NetGeometry.Curvature;
using NetGeometry.Reporting;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Analyses;

/// <summary>A finished curvature run: its directory and each block measured, in order (each block's seconds include
/// writing its plot and metrics).</summary>
public sealed record HessianOutcome(string RunDirectory, IReadOnlyList<HessianBlock> Blocks);

/// <summary>
/// The curvature analysis's run directory, runs/&lt;name&gt;-&lt;UTC time&gt;/: spec.json (<see cref="PreparedHessian.SpecJson"/>),
/// results.sqlite with the metrics {matrix}_eigenvalue_{i} (largest first; {matrix}_smallest_eigenvalue_{i} or
/// {matrix}_magnitude_eigenvalue_{i} at the other ends) and {matrix}_trace, _trace_low, _trace_high (one series per
/// layer block), metrics.csv and their plots, one density plot per block (<see cref="PlotPath"/>) and density.csv.
/// Each block is written as it is measured; a failure finishes the directory as failed and is rethrown.
/// </summary>
public static class HessianOutput
{
    /// <summary>The densities of every block: matrix, layer, eigenvalue, density.</summary>
    public const string DensityFile = "density.csv";

    /// <summary>Creates the run directory under <paramref name="root"/>, writes each of <paramref name="blocks"/> as
    /// it comes, then density.csv, and finishes the run.</summary>
    public static HessianOutcome Write(string root, PreparedHessian prepared, IEnumerable<HessianBlock> blocks)
    {
        using var output = RunDirectory.Create(root, prepared.Spec.Name, prepared.SpecJson);
        var rows = new List<HessianBlock>();
        try
        {
            var end = prepared.Spec.End();
            foreach (var block in blocks)
            {
                var clock = Stopwatch.StartNew();
                WriteBlock(output, block, prepared.Step, end);
                rows.Add(block with { Seconds = block.Seconds + clock.Elapsed.TotalSeconds });
            }
            AtomicFile.WriteText(Path.Combine(output.Path, DensityFile), writer => WriteDensityCsv(writer, rows));
            output.Store.AddArtifact("density", ArtifactKinds.Csv, DensityFile);
        }
        catch (Exception failure)
        {
            output.Finish(RunStatus.Failed, failure.Message);
            throw;
        }
        output.Finish(RunStatus.Completed);
        return new HessianOutcome(output.Path, rows);
    }

    /// <summary>The block's density plot, relative to the run directory: plots/density-{matrix}[-{layer}].png; null
    /// when the block's density was not measured.</summary>
    public static string? PlotPath(HessianBlock block) => block.Summary.Density is null ? null :
        $"{RunDirectory.PlotsFolder}/density-{block.Matrix.MetricName()}{(block.Layer is null ? "" : "-" + block.Layer)}.png";

    private static void WriteBlock(RunDirectory output, HessianBlock block, long step, SpectrumEnd end)
    {
        string matrix = block.Matrix.MetricName();
        if (PlotPath(block) is { } plot)
        {
            Directory.CreateDirectory(Path.Combine(output.Path, RunDirectory.PlotsFolder));
            AtomicFile.WriteAllBytes(Path.Combine(output.Path, plot), SpectralDensityPlot.RenderPng(
                $"{matrix} {block.Layer ?? "whole network"}: spectral density", block.Grid, block.Density, block.Summary.Eigenvalues));
            output.Store.AddArtifact($"density {matrix} {block.Layer ?? "network"}", ArtifactKinds.Plot, plot);
        }
        output.Store.Record(Metrics(matrix, block.Layer, step, block.Summary, end));
    }

    /// <summary>The eigenvalues as {matrix}_eigenvalue_{i} (largest first), {matrix}_smallest_eigenvalue_{i} or
    /// {matrix}_magnitude_eigenvalue_{i}; the trace and its interval as {matrix}_trace, _trace_low, _trace_high (each
    /// when measured).</summary>
    private static List<Metric> Metrics(string matrix, string? layer, long step, HessianSpectrum s, SpectrumEnd end)
    {
        var which = end switch { SpectrumEnd.Largest => "", SpectrumEnd.Smallest => "smallest_", _ => "magnitude_" };
        var metrics = s.Eigenvalues.Select((value, i) => new Metric(step, $"{matrix}_{which}eigenvalue_{i + 1}", layer, value)).ToList();
        if (s.Trace is { } trace)
        {
            metrics.Add(new Metric(step, $"{matrix}_trace", layer, trace.Value));
            metrics.Add(new Metric(step, $"{matrix}_trace_low", layer, trace.Lower));
            metrics.Add(new Metric(step, $"{matrix}_trace_high", layer, trace.Upper));
        }
        return metrics;
    }

    private static void WriteDensityCsv(TextWriter writer, IEnumerable<HessianBlock> rows)
    {
        writer.WriteLine("matrix,layer,eigenvalue,density");
        foreach (var row in rows)
            for (int i = 0; i < row.Grid.Length; i++)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.Matrix.MetricName()},{row.Layer},{row.Grid[i]:R},{row.Density[i]:R}"));
    }
}

using System.Diagnostics;
using NetGeometry.Curvature;

namespace NetGeometry.Experiments.Analyses;

/// <summary>What one (matrix, block) measurement gave: the block's dimension, its spectrum summary, the smoothing width
/// and the smoothed density on its grid, and the seconds it took. <see cref="Layer"/> is null for the whole model.</summary>
public sealed record HessianBlock(CurvatureMatrix Matrix, string? Layer, long Dimension, SpectrumSummary Summary, double Sigma,
    double[] Grid, double[] Density, double Seconds);

/// <summary>
/// The top eigenvalues (Lanczos), trace (Hutch++) and spectral density (stochastic Lanczos quadrature) of the loss
/// Hessian, Gauss-Newton matrix or empirical Fisher of a run's network or a TorchScript model, summed over batches,
/// whole and per layer (<see cref="BlockRestriction"/>), through the same operators on (model, loss, batches) for both.
/// <see cref="Prepare"/> checks and loads everything; <see cref="Measure"/> measures; <see cref="HessianOutput"/> writes.
/// </summary>
public static class HessianAnalysis
{
    /// <summary>Points of the grid each density is evaluated on.</summary>
    public const int GridPoints = 800;

    /// <summary>Validates the spec and loads its model and data (nothing is written); the caller disposes the result.</summary>
    /// <remarks><paramref name="progress"/> hears a TorchScript model's loss on the data.</remarks>
    public static PreparedHessian Prepare(HessianSpec spec, IProgress<string>? progress = null)
    {
        spec.Validate();
        return spec.TorchScript is null ? HessianSources.FromRun(spec) : HessianSources.FromTorchScript(spec, progress);
    }

    /// <summary>
    /// Each matrix of the spec, whole and (per layer) in each layer's diagonal block, measured one block at a time as the
    /// sequence is enumerated (an operator lives while its blocks are measured).
    /// </summary>
    /// <remarks><paramref name="progress"/> hears which block is being measured.</remarks>
    public static IEnumerable<HessianBlock> Measure(PreparedHessian prepared, IProgress<string>? progress = null)
    {
        var spec = prepared.Spec;
        var settings = spec.Settings();
        foreach (var kind in spec.Kinds())
        {
            using var op = prepared.Create(kind);
            var blocks = new List<(string? Layer, ILinearOperator Op)> { (null, op) };
            if (spec.PerLayer) blocks.AddRange(op.Model.Layers.Select(l => ((string?)l.Name, (ILinearOperator)BlockRestriction.ToLayer(op, op.Model, l.Name))));
            foreach (var (layer, block) in blocks)
            {
                progress?.Report($"{kind.MetricName()}, {layer ?? "whole network"} ({block.Dimension} parameters, {prepared.Scope}) ...");
                var clock = Stopwatch.StartNew();
                var summary = SpectrumSummary.Measure(block, settings);
                var width = spec.Sigma ?? summary.Density.DefaultSigma;
                var grid = summary.Density.Grid(GridPoints, width);
                var density = summary.Density.Evaluate(grid, width);
                yield return new HessianBlock(kind, layer, block.Dimension, summary, width, grid, density, clock.Elapsed.TotalSeconds);
            }
        }
    }
}

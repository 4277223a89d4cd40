using System.Diagnostics;
using NetGeometry.Curvature;

namespace NetGeometry.Experiments.Analyses;

/// <summary>What one (matrix, block) measurement gave: the block's dimension, its spectrum, the smoothing width
/// and the smoothed density on its grid (empty, with Sigma NaN, when the density was not measured), and the seconds it
/// took. <see cref="Layer"/> is null for the whole model.</summary>
public sealed record HessianBlock(CurvatureMatrix Matrix, string? Layer, long Dimension, HessianSpectrum Summary, double Sigma,
    double[] Grid, double[] Density, double Seconds);

/// <summary>
/// The parts of one operator's spectrum a curvature run measured (<see cref="HessianSpec.Measure"/>): the eigenvalues at
/// one end by Lanczos with their relative residuals (empty when not measured), the trace by Hutch++ and the spectral
/// density by stochastic Lanczos quadrature (null when not measured). PyHessian's three numbers (Yao et al. 2020).
/// </summary>
/// <param name="Eigenvalues">The k eigenvalues at the end asked for, in that order.</param>
/// <param name="RelativeResiduals">Their relative residuals.</param>
/// <param name="Converged">Whether every eigenpair met the tolerance (true when none were asked for).</param>
/// <param name="EigenProducts">The products Lanczos took.</param>
/// <param name="Trace">The trace by Hutch++ with its interval and products.</param>
/// <param name="Density">The spectral density, with its products.</param>
public sealed record HessianSpectrum(double[] Eigenvalues, double[] RelativeResiduals, bool Converged, int EigenProducts,
    TraceEstimate? Trace, SpectralDensity? Density)
{
    /// <summary>Every product the measurement took.</summary>
    public int Products => EigenProducts + (Trace?.Products ?? 0) + (Density?.Products ?? 0);
}

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
    /// <remarks><paramref name="progress"/> hears which block is being measured, <paramref name="lanczos"/> each Lanczos
    /// convergence check, <paramref name="products"/> the products done for the trace and the density.</remarks>
    public static IEnumerable<HessianBlock> Measure(PreparedHessian prepared, IProgress<string>? progress = null,
        IProgress<LanczosProgress>? lanczos = null, IProgress<ProductProgress>? products = null)
    {
        var spec = prepared.Spec;
        var settings = spec.Settings();
        var parts = spec.Parts();
        foreach (var kind in spec.Kinds())
        {
            using var op = prepared.Create(kind);
            var blocks = new List<(string? Layer, ILinearOperator Op)> { (null, op) };
            if (spec.PerLayer) blocks.AddRange(op.Model.Layers.Select(l => ((string?)l.Name, (ILinearOperator)BlockRestriction.ToLayer(op, op.Model, l.Name))));
            foreach (var (layer, block) in blocks)
            {
                progress?.Report($"{kind.MetricName()}, {layer ?? "whole network"} ({block.Dimension} parameters, {prepared.Scope}) ...");
                var clock = Stopwatch.StartNew();
                var summary = Spectrum(block, settings, parts, lanczos, products);
                var width = summary.Density is null ? double.NaN : spec.Sigma ?? summary.Density.DefaultSigma;
                var grid = summary.Density?.Grid(GridPoints, width) ?? [];
                var density = summary.Density?.Evaluate(grid, width) ?? [];
                yield return new HessianBlock(kind, layer, block.Dimension, summary, width, grid, density, clock.Elapsed.TotalSeconds);
            }
            if (spec.GraphMemory > 0)
                progress?.Report($"{kind.MetricName()}: {op.KeptGraphs} of {prepared.Batches} batch graphs kept across products (--graph-memory)");
        }
    }

    /// <summary>The parts asked for, in PyHessian's order, each with its own products: Lanczos (Golub &amp; Van Loan,
    /// Algorithm 10.1.1), Hutch++ (Meyer et al. 2021, Algorithm 1), stochastic Lanczos quadrature (Ubaru et al. 2017).</summary>
    private static HessianSpectrum Spectrum(ILinearOperator op, SpectrumSettings settings, IReadOnlySet<string> parts,
        IProgress<LanczosProgress>? lanczos, IProgress<ProductProgress>? products)
    {
        double[] values = [], residuals = [];
        bool converged = true;
        int eigenProducts = 0;
        if (parts.Contains(HessianSpec.Eigenvalues))
        {
            int k = (int)Math.Min(settings.TopK, op.Dimension);
            using var pairs = Lanczos.Eigenpairs(op, k, settings.End, settings.Tolerance, settings.MaxProducts, settings.Seed, lanczos);
            (values, residuals, converged, eigenProducts) = (pairs.Values, pairs.RelativeResiduals, pairs.Converged, pairs.Products);
        }
        var trace = parts.Contains(HessianSpec.Trace)
            ? HutchPlusPlus.Estimate(ReportingOperator.Around(op, "trace (Hutch++)", settings.TraceProducts, products), settings.TraceProducts, settings.Seed)
            : null;
        int densityProducts = settings.DensityProbes * (int)Math.Min(settings.DensitySteps, op.Dimension);
        var density = parts.Contains(HessianSpec.Density)
            ? SpectralDensity.Estimate(ReportingOperator.Around(op, "density (SLQ)", densityProducts, products), settings.DensityProbes, settings.DensitySteps, settings.Seed)
            : null;
        return new HessianSpectrum(values, residuals, converged, eigenProducts, trace, density);
    }
}

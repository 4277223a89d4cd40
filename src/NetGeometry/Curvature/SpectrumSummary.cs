namespace NetGeometry.Curvature;

/// <summary>How much work <see cref="SpectrumSummary.Measure"/> does, and its seed.</summary>
public sealed record SpectrumSettings
{
    /// <summary>Eigenvalues wanted at <see cref="End"/> (fewer if the operator is smaller).</summary>
    public int TopK { get; init; } = 5;

    /// <summary>The end of the spectrum Lanczos looks at.</summary>
    public SpectrumEnd End { get; init; } = SpectrumEnd.Largest;

    /// <summary>Relative residual every Lanczos eigenpair must reach.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The most products Lanczos may take (its basis holds as many vectors).</summary>
    public int MaxProducts { get; init; } = 300;

    /// <summary>Products Hutch++ spends on the trace (at least 6).</summary>
    public int TraceProducts { get; init; } = 60;

    /// <summary>Random start vectors of the spectral density (n_v of <see cref="SpectralDensity"/>).</summary>
    public int DensityProbes { get; init; } = 4;

    /// <summary>Lanczos steps per start vector of the spectral density.</summary>
    public int DensitySteps { get; init; } = 60;

    /// <summary>Seeds Lanczos's start vector, Hutch++'s probes and the density's start vectors alike.</summary>
    public long Seed { get; init; }

    /// <summary>The bytes the largest set of vectors <see cref="SpectrumSummary.Measure"/> keeps at once on an operator
    /// of <paramref name="dimension"/> takes: the Lanczos basis, the Hutch++ sketch or one quadrature's basis.</summary>
    public double Bytes(long dimension) => Math.Max(Lanczos.BasisBytes(dimension, MaxProducts),
        8.0 * dimension * Math.Max(TraceProducts, DensitySteps));
}

/// <summary>
/// One operator's spectrum at a glance: the k eigenvalues at one end by Lanczos (with their relative residuals), the
/// trace by Hutch++ with its confidence interval, and the spectral density by stochastic Lanczos quadrature; with the
/// products each took. PyHessian's three numbers (Yao et al. 2020), for any operator.
/// </summary>
/// <param name="Eigenvalues">The k eigenvalues at the end asked for, in that order.</param>
/// <param name="RelativeResiduals">Their relative residuals.</param>
/// <param name="Converged">Whether every eigenpair met the tolerance.</param>
/// <param name="EigenProducts">The products Lanczos took.</param>
/// <param name="Trace">The trace by Hutch++ with its interval and products.</param>
/// <param name="Density">The spectral density by stochastic Lanczos quadrature, with its products.</param>
public sealed record SpectrumSummary(double[] Eigenvalues, double[] RelativeResiduals, bool Converged, int EigenProducts,
    TraceEstimate Trace, SpectralDensity Density)
{
    /// <summary>Measures all three on <paramref name="op"/>: Lanczos, then Hutch++, then the density, each with its own products.</summary>
    /// <exception cref="ArgumentException">Settings an estimator refuses (e.g. fewer than 6 trace products).</exception>
    /// <exception cref="Engine.InputException">The Lanczos basis exceeds the memory budget.</exception>
    public static SpectrumSummary Measure(ILinearOperator op, SpectrumSettings settings)
    {
        int k = (int)Math.Min(settings.TopK, op.Dimension);
        using var pairs = Lanczos.Eigenpairs(op, k, settings.End, settings.Tolerance, settings.MaxProducts, settings.Seed);
        var trace = HutchPlusPlus.Estimate(op, settings.TraceProducts, settings.Seed);
        var density = SpectralDensity.Estimate(op, settings.DensityProbes, settings.DensitySteps, settings.Seed);
        return new SpectrumSummary(pairs.Values, pairs.RelativeResiduals, pairs.Converged, pairs.Products, trace, density);
    }
}

namespace NetGeometry.WeightSpectra;

/// <summary>
/// The Marchenko-Pastur law fitted to the bulk of the eigenvalues of X = W^T W / N for an N x M matrix W (N &gt;= M):
/// with aspect ratio Q = N / M and element variance sigma^2 its support is [sigma^2 (1 - 1/sqrt(Q))^2,
/// sigma^2 (1 + 1/sqrt(Q))^2] (Marchenko &amp; Pastur 1967; Martin &amp; Mahoney, JMLR 2021, eq. 10). sigma^2 is the
/// mean of the bulk, the law's first moment, with the eigenvalues above the spike threshold left out until the bulk
/// stops changing; the bulk's variance, the law's sigma^4 / Q (Bai &amp; Silverstein 2010, sec. 3.1.1: second moment
/// sigma^4 (1 + 1/Q)), gives a second estimate of Q from the eigenvalues alone. Spikes are the eigenvalues beyond the
/// upper edge by more than the edge's own finite-size fluctuation: the 99% point of the Tracy-Widom law at
/// Johnstone's centring and scale (Johnstone, Ann. Statist. 2001, Theorem 1.1).
/// </summary>
/// <param name="AspectRatio">Q = N / M, from the matrix's shape.</param>
/// <param name="Variance">sigma^2 fitted to the bulk.</param>
/// <param name="FittedAspectRatio">mean^2 / variance of the bulk's eigenvalues: Q as the eigenvalues tell it.</param>
/// <param name="LowerEdge">sigma^2 (1 - 1/sqrt(Q))^2.</param>
/// <param name="UpperEdge">sigma^2 (1 + 1/sqrt(Q))^2.</param>
/// <param name="SpikeThreshold">The upper edge plus the 99% Tracy-Widom fluctuation of the largest eigenvalue.</param>
/// <param name="Spikes">How many eigenvalues exceed <paramref name="SpikeThreshold"/>.</param>
internal sealed record MarchenkoPasturFit(double AspectRatio, double Variance, double FittedAspectRatio, double LowerEdge,
    double UpperEdge, double SpikeThreshold, int Spikes)
{
    /// <summary>The 99% quantile of the Tracy-Widom law of order 1 (Johnstone 2001, Table 1: 2.02).</summary>
    private const double TracyWidom99 = 2.0234;

    /// <summary>Fits the law to the eigenvalues of W^T W / N of an N x M matrix (N &gt;= M, M eigenvalues).</summary>
    public static MarchenkoPasturFit Fit(IReadOnlyList<double> eigenvalues, long rows, long columns)
    {
        if (rows < columns || columns < 1 || eigenvalues.Count != columns)
            throw new ArgumentException($"an N x M matrix with N >= M >= 1 has M eigenvalues, got N = {rows}, M = {columns} and {eigenvalues.Count}.");
        double q = (double)rows / columns;
        var bulk = eigenvalues.ToArray();
        double variance = bulk.Average();
        for (int round = 0; round < eigenvalues.Count; round++)
        {
            double threshold = Threshold(variance, rows, columns);
            var kept = eigenvalues.Where(v => v <= threshold).ToArray();
            if (kept.Length == 0 || kept.Length == bulk.Length) break;
            bulk = kept;
            variance = bulk.Average();
        }
        double spread = bulk.Sum(v => (v - variance) * (v - variance)) / bulk.Length;
        double limit = Threshold(variance, rows, columns);
        return new MarchenkoPasturFit(q, variance, spread > 0 ? variance * variance / spread : double.PositiveInfinity,
            variance * Math.Pow(1 - 1 / Math.Sqrt(q), 2), variance * Math.Pow(1 + 1 / Math.Sqrt(q), 2), limit,
            eigenvalues.Count(v => v > limit));
    }

    /// <summary>The law's density at <paramref name="lambda"/>: sqrt((l+ - l)(l - l-)) / (2 pi sigma^2 l / Q) inside the
    /// support, 0 outside (Bai &amp; Silverstein 2010, eq. 3.1.1, ratio y = 1/Q &lt;= 1).</summary>
    public double Density(double lambda) => lambda <= LowerEdge || lambda >= UpperEdge || lambda <= 0 ? 0
        : Math.Sqrt((UpperEdge - lambda) * (lambda - LowerEdge)) / (2 * Math.PI * Variance * lambda / AspectRatio);

    /// <summary>mu + TW99 s over N, times sigma^2: Johnstone's mu = (sqrt(N - 1) + sqrt(M))^2 and
    /// s = (sqrt(N - 1) + sqrt(M)) (1/sqrt(N - 1) + 1/sqrt(M))^(1/3) for the largest eigenvalue of W^T W with unit variance.</summary>
    private static double Threshold(double variance, long rows, long columns)
    {
        double a = Math.Sqrt(Math.Max(rows - 1, 1)), b = Math.Sqrt(columns);
        double centre = (a + b) * (a + b), scale = (a + b) * Math.Cbrt(1 / a + 1 / b);
        return variance * (centre + TracyWidom99 * scale) / rows;
    }
}

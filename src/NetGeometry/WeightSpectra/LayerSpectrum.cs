using static TorchSharp.torch;

namespace NetGeometry.WeightSpectra;

/// <summary>
/// The empirical spectral density of one layer's weight matrix W, oriented N x M with N &gt;= M (a matrix with more
/// columns than rows is transposed): the M eigenvalues of X = W^T W / N (Martin &amp; Mahoney, JMLR 2021, eq. 8), the
/// power-law fit of their tail, the Marchenko-Pastur fit of their bulk, the stable rank ||W||_F^2 / ||W||_2^2, the
/// spectral norm ||W||_2 and log10 ||W||_F.
/// </summary>
/// <param name="Layer">The layer's name in the model.</param>
/// <param name="Rows">N, the longer side.</param>
/// <param name="Columns">M, the shorter side: the number of eigenvalues.</param>
/// <param name="Eigenvalues">The eigenvalues of W^T W / N, ascending.</param>
/// <param name="PowerLaw">The tail's power law; null when fewer than <see cref="PowerLawFit.MinimumTail"/> eigenvalues are positive.</param>
/// <param name="MarchenkoPastur">The bulk's Marchenko-Pastur law.</param>
internal sealed record LayerSpectrum(string Layer, long Rows, long Columns, double[] Eigenvalues, PowerLawFit? PowerLaw,
    MarchenkoPasturFit MarchenkoPastur)
{
    /// <summary>||W||_F^2 / ||W||_2^2 = sum lambda / max lambda (Martin &amp; Mahoney 2021, sec. 3.1).</summary>
    public double StableRank => Eigenvalues[^1] > 0 ? Eigenvalues.Sum() / Eigenvalues[^1] : 0;

    /// <summary>||W||_2 = sqrt(N lambda_max).</summary>
    public double SpectralNorm => Math.Sqrt(Rows * Eigenvalues[^1]);

    /// <summary>log10 ||W||_F, with ||W||_F^2 = N sum lambda.</summary>
    public double LogFrobeniusNorm => 0.5 * Math.Log10(Rows * Eigenvalues.Sum());

    /// <summary>The spectrum of <paramref name="weight"/>, a 2-d matrix (a conv kernel reshaped to out x in k_h k_w first).</summary>
    public static LayerSpectrum Of(string layer, Tensor weight)
    {
        if (weight.dim() != 2) throw new ArgumentException($"a weight matrix is 2-d, got [{string.Join(", ", weight.shape)}].");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = weight.detach().to(ScalarType.Float64);
        if (w.shape[0] < w.shape[1]) w = w.t();
        long rows = w.shape[0], columns = w.shape[1];
        var eigenvalues = linalg.svdvals(w).pow(Held(2)).div(Held(rows)).sort().Values.cpu().data<double>().ToArray();
        return new LayerSpectrum(layer, rows, columns, eigenvalues, PowerLawFit.Fit(eigenvalues),
            MarchenkoPasturFit.Fit(eigenvalues, rows, columns));
    }
}

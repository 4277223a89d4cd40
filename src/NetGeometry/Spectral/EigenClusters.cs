using static TorchSharp.torch;

namespace NetGeometry.Spectral;

/// <summary>
/// The eigenvalues of an empirical kernel matrix K/n that stand for one degree l: N(d, l) consecutive eigenvalues
/// (largest first) starting at rank <see cref="FirstRank"/> (0-based, in the descending spectrum), with their unit
/// eigenvectors as the columns of <see cref="Vectors"/> (n x N(d, l); null when only values were asked for).
/// </summary>
public sealed class EigenCluster(int degree, int multiplicity, double mu, int firstRank, double[] eigenvalues, Tensor? vectors) : IDisposable
{
    /// <summary>l, the harmonic degree the cluster stands for.</summary>
    public int Degree { get; } = degree;

    /// <summary>N(d, l), the number of eigenvalues in the cluster.</summary>
    public int Multiplicity { get; } = multiplicity;

    /// <summary>The Funk-Hecke eigenvalue mu_l the cluster approximates.</summary>
    public double Mu { get; } = mu;

    /// <summary>The 0-based rank of the cluster's largest eigenvalue in the descending spectrum of K/n.</summary>
    public int FirstRank { get; } = firstRank;

    /// <summary>The cluster's eigenvalues of K/n, largest first.</summary>
    public double[] Eigenvalues { get; } = eigenvalues;

    /// <summary>Their unit eigenvectors as columns (n x N(d, l)), or null when only values were computed.</summary>
    public Tensor? Vectors { get; } = vectors;

    /// <summary>The mean eigenvalue of the cluster.</summary>
    public double Mean => Eigenvalues.Average();

    /// <summary>The cluster's smallest eigenvalue.</summary>
    public double Min => Eigenvalues.Min();

    /// <summary>The cluster's largest eigenvalue.</summary>
    public double Max => Eigenvalues.Max();

    /// <summary>max_i |lambda_i - mu_l| / mu_l over the cluster.</summary>
    public double MaxRelativeDeviation => Eigenvalues.Max(l => Math.Abs(l - Mu)) / Mu;

    /// <summary>Frees the eigenvectors.</summary>
    public void Dispose() => Vectors?.Dispose();
}

/// <summary>
/// The spectrum of an empirical kernel matrix K/n on n points uniform on S^(d-1), grouped into degree clusters. K/n
/// is the sample version of the integral operator L_K (Su &amp; Yang 2019, Sec. 3), so its top eigenvalues approach
/// the Funk-Hecke eigenvalues mu_l, each N(d, l) times, as n grows. The clustering rule follows that theory: the
/// degrees whose mu_l is not negligible (mu_l &gt; <see cref="NegligibleRelative"/> * max mu; e.g. the odd degrees
/// &gt;= 3 of the ReLU kernel, where mu_l = 0) are sorted by mu_l, largest first, and take the eigenvalues of K/n in
/// rank order, N(d, l) each, while they fit in n. The rest of the spectrum belongs to no cluster. The degrees given
/// must include every degree whose mu_l exceeds the smallest one kept (true for the ReLU kernels, whose mu_l fall
/// with l for each parity).
/// </summary>
public sealed class EigenClusters : IDisposable
{
    /// <summary>A degree whose mu_l is at most this fraction of the largest |mu_l| gets no cluster.</summary>
    public const double NegligibleRelative = 1e-10;

    private EigenClusters(IReadOnlyList<EigenCluster> clusters, double[] spectrum)
    {
        Clusters = clusters; Spectrum = spectrum;
    }

    /// <summary>The clusters in rank order (by mu_l, largest first), as many as fit in n.</summary>
    public IReadOnlyList<EigenCluster> Clusters { get; }

    /// <summary>All n eigenvalues of K/n, largest first.</summary>
    public double[] Spectrum { get; }

    /// <summary>n, the number of points.</summary>
    public int Count => Spectrum.Length;

    /// <summary>How many eigenvalues the clusters take.</summary>
    public int Assigned => Clusters.Sum(c => c.Eigenvalues.Length);

    /// <summary>The bytes building an n x n kernel and clustering its spectrum takes at its peak: the inner products,
    /// the kernel, K/n, the eigensolver's copy and one temporary of the profile (five n x n float64 matrices).</summary>
    public static double Bytes(long n) => 5 * 8.0 * n * n;

    /// <summary>Eigen-decomposes the symmetric matrix <paramref name="kernelOverN"/> (K/n, n x n) and groups its spectrum
    /// by the degrees of <paramref name="theory"/>; <paramref name="keepVectors"/> false computes eigenvalues only.</summary>
    /// <exception cref="ArgumentException">K/n is not a square matrix.</exception>
    public static EigenClusters Of(Tensor kernelOverN, FunkHeckeSpectrum theory, bool keepVectors = true)
    {
        if (kernelOverN.dim() != 2 || kernelOverN.shape[0] != kernelOverN.shape[1])
            throw new ArgumentException($"K/n must be a square matrix, got [{string.Join(", ", kernelOverN.shape)}].");
        int n = (int)kernelOverN.shape[0];
        using var scope = NewDisposeScope();
        Tensor values, vectors = null!;
        if (keepVectors) (values, vectors) = linalg.eigh(kernelOverN); // ascending: flipped to largest first
        else values = linalg.eigvalsh(kernelOverN);
        var spectrum = values.flip(0).data<double>().ToArray();

        double largest = theory.Eigenvalues.Max(e => Math.Abs(e.Mu));
        var clusters = new List<EigenCluster>();
        int rank = 0;
        foreach (var degree in theory.Eigenvalues.Where(e => e.Mu > NegligibleRelative * largest).OrderByDescending(e => e.Mu))
        {
            if (rank + degree.Multiplicity > n) break;
            int count = (int)degree.Multiplicity;
            var block = keepVectors ? vectors.narrow(1, n - rank - count, count).flip(1).MoveToOuterDisposeScope() : null;
            clusters.Add(new EigenCluster(degree.Degree, count, degree.Mu, rank, spectrum[rank..(rank + count)], block));
            rank += count;
        }
        return new EigenClusters(clusters, spectrum);
    }

    /// <summary>Takes the eigenvectors out of the current dispose scope, for a caller that keeps them across scopes
    /// (a probe that computes them once per run).</summary>
    public EigenClusters DetachFromDisposeScope()
    {
        foreach (var c in Clusters) c.Vectors?.DetachFromDisposeScope();
        return this;
    }

    /// <summary>Frees every cluster's eigenvectors.</summary>
    public void Dispose()
    {
        foreach (var c in Clusters) c.Dispose();
    }
}

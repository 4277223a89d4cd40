using static TorchSharp.torch;

namespace NetGeometry.Spectral;

/// <summary>The part of a residual's energy in one degree cluster: (1/n) ||V_l^T r||^2.</summary>
/// <param name="Degree">The cluster's degree l.</param>
/// <param name="Energy">(1/n) ||V_l^T r||^2.</param>
public sealed record ClusterEnergy(int Degree, double Energy);

/// <summary>A residual's energy per degree cluster, outside every cluster (Rest) and in all (Total = (1/n) ||r||^2,
/// which is twice the mean square loss 1/(2n) sum r_i^2).</summary>
/// <param name="Clusters">The energy in each cluster, in the clusters' order.</param>
/// <param name="Rest">The energy outside every cluster, Total minus the clusters' (clamped at 0).</param>
/// <param name="Total">(1/n) ||r||^2.</param>
public sealed record ResidualEnergies(IReadOnlyList<ClusterEnergy> Clusters, double Rest, double Total)
{
    /// <summary>The energy in the cluster of degree <paramref name="degree"/>.</summary>
    /// <exception cref="InvalidOperationException">No cluster has that degree.</exception>
    public double Of(int degree) => Clusters.First(c => c.Degree == degree).Energy;
}

/// <summary>
/// Projects a residual r = f(X) - y on the eigenspaces of K/n (Su &amp; Yang 2019, Sec. 3): under gradient descent in
/// the kernel regime, r(k+1) ~ (I - eta K/n) r(k), so the part of r in the degree-l cluster shrinks by about
/// (1 - eta mu_l) per step. Energies are mean squares, (1/n) ||P r||^2, on the scale of the loss.
/// </summary>
public static class ResidualProjection
{
    /// <summary>The energies of <paramref name="residual"/> in each of <paramref name="clusters"/>, the rest and in all.</summary>
    /// <param name="clusters">The clusters of K/n, computed with their eigenvectors.</param>
    /// <param name="residual">n values, as a vector or an n x 1 matrix.</param>
    /// <exception cref="ArgumentException">The residual's length is not n, or the clusters have no eigenvectors.</exception>
    public static ResidualEnergies Of(EigenClusters clusters, Tensor residual)
    {
        if (residual.numel() != clusters.Count)
            throw new ArgumentException($"the residual has {residual.numel()} values, the clusters were made on {clusters.Count} points.");
        using var scope = NewDisposeScope();
        var r = residual.detach().reshape(-1, 1);
        double n = clusters.Count;
        var energies = clusters.Clusters.Select(c =>
        {
            var vectors = c.Vectors ?? throw new ArgumentException("these clusters were computed without eigenvectors (keepVectors: false).");
            return new ClusterEnergy(c.Degree, vectors.t().matmul(r).pow(Held(2)).sum().item<double>() / n);
        }).ToList();
        double total = r.pow(Held(2)).sum().item<double>() / n;
        // The clusters' spans are orthogonal, so the rest is the difference (clamped: rounding may push it below 0).
        return new ResidualEnergies(energies, Math.Max(0, total - energies.Sum(e => e.Energy)), total);
    }
}

using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Spectral;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Spectral;

public class EigenClustersTests
{
    private static Tensor Sphere(int count, int d, long seed) => SphereInputs.Sample(count, d, seed).Inputs;

    /// <summary>H-inf/n on n uniform points of S^(d-1), clustered by the Funk-Hecke eigenvalues of Du's kernel.</summary>
    private static EigenClusters HInfinityClusters(Tensor x, int maxDegree)
    {
        using var h = DuGram.HInfinity(x);
        using var overN = h.div(Held(x.shape[0]));
        return EigenClusters.Of(overN, FunkHecke.Eigenvalues(ZonalKernels.Du, (int)x.shape[1], maxDegree));
    }

    [Fact]
    public void TheTopEigenvaluesOfHInfinityOverNClusterAtMuWithMultiplicityNAndHoldTheirDegreesHarmonics()
    {
        // Eigenvalues: each degree-l cluster must lie within 3 sqrt(N(d, l) / n) of mu_l, relatively: the empirical
        // Gram matrix of N orthonormal functions on n points deviates from I by about 2 sqrt(N / n) (the
        // Marchenko-Pastur edge), so the tolerance shrinks with n. Eigenvectors: a unit zonal harmonic of degree l
        // sampled at the points lies in the span of the degree-l cluster up to a leak of O(1/n) of its energy (its
        // sampled inner products with other eigenvectors are O(1/sqrt n) each), with a constant that grows as the gap
        // to the nearest other mu shrinks: largest for degree 0, mu_0 = 1/16 beside mu_1 = 1/12 (n x leak up to about
        // 100 over seeds); we allow 150 / n. A degree-3 harmonic (mu_3 = 0) lies outside every cluster.
        // Checked at n = 300 and 1200 on S^2, degrees 0 to 4.
        var worst = new List<double>();
        foreach (var n in new[] { 300, 1200 })
        {
            using var x = Sphere(n, 3, 100 + n);
            using var clusters = HInfinityClusters(x, 4);
            Assert.Equal(new[] { 1, 0, 2, 4 }, clusters.Clusters.Select(c => c.Degree)); // mu_1 = 1/12 > mu_0 = 1/16 > mu_2 > mu_4
            Assert.Equal(new[] { 0, 3, 4, 9 }, clusters.Clusters.Select(c => c.FirstRank));
            Assert.Equal(1 + 3 + 5 + 9, clusters.Assigned);
            foreach (var c in clusters.Clusters)
            {
                Assert.Equal(2 * c.Degree + 1, c.Eigenvalues.Length);
                double tolerance = 3 * Math.Sqrt(c.Multiplicity / (double)n);
                Assert.True(c.MaxRelativeDeviation <= tolerance, $"n = {n}, degree {c.Degree}: {c.MaxRelativeDeviation:P1} from mu_l, tolerance {tolerance:P1}");
            }
            // The clusters do not overlap: each one's smallest eigenvalue is above the next one's largest.
            foreach (var (upper, lower) in clusters.Clusters.Zip(clusters.Clusters.Skip(1)))
                Assert.True(upper.Min > lower.Max, $"n = {n}: degree {upper.Degree} and {lower.Degree} overlap");
            Assert.True(clusters.Clusters[^1].Min > clusters.Spectrum[clusters.Assigned], "the last cluster is above the rest");
            worst.Add(clusters.Clusters.Max(c => c.MaxRelativeDeviation));

            using var pole = Sphere(1, 3, 9);
            foreach (var l in new[] { 0, 1, 2, 3, 4 })
            {
                using var y = SphericalHarmonics.UnitZonal(x, pole, l);
                var energies = ResidualProjection.Of(clusters, y);
                double own = (l == 3 ? energies.Rest : energies.Of(l)) / energies.Total;
                Assert.True(own >= 1 - 150.0 / n, $"n = {n}, degree {l}: {own:P2} of the sampled harmonic in its own cluster");
            }
        }
        Assert.True(worst[1] < worst[0], $"the clusters tighten with n: {worst[0]:P1} at 300, {worst[1]:P1} at 1200");
    }

    [Fact]
    public void ResidualEnergiesSplitTheSquaredNormExactly()
    {
        // r = sum_c a_c v_c (one eigenvector of each cluster) + b u, u orthogonal to every cluster: the energies are
        // a_c^2 / n, b^2 / n and their sum.
        using var x = Sphere(300, 4, 3);
        using var clusters = HInfinityClusters(x, 4);
        int n = clusters.Count;
        var a = clusters.Clusters.Select((c, i) => 0.5 + i).ToArray();
        using var r = zeros(n, dtype: float64);
        for (int i = 0; i < a.Length; i++) r.add_(clusters.Clusters[i].Vectors!.select(1, 0), alpha: Held(a[i]));
        using var all = cat(clusters.Clusters.Select(c => c.Vectors!).ToList(), 1);
        using var g = Seeds.Generator(1);
        using var random = randn(n, generator: g, dtype: float64);
        using var outside = random.sub(all.matmul(all.t().matmul(random)));
        outside.div_(outside.norm());
        r.add_(outside, alpha: Held(2.0));
        var energies = ResidualProjection.Of(clusters, r.reshape(-1, 1));
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i] * a[i] / n, energies.Clusters[i].Energy, 1e-12);
        Assert.Equal(4.0 / n, energies.Rest, 1e-12);
        Assert.Equal(r.pow(Held(2)).sum().item<double>() / n, energies.Total, 1e-12);
    }

    [Fact]
    public void TheFiniteWidthGramMatrixConcentratesAroundHInfinity()
    {
        // H(W)_ij averages m independent terms x_i.x_j 1{...} in [-1, 1] with mean H-inf_ij, so by Hoeffding and a
        // union bound (Du et al. 2019, Lemma 3.1) max_ij |H_ij - H-inf_ij| <= sqrt(log(2 n^2 / delta) / (2 m)) with
        // probability 1 - delta; delta = 1e-3 here. The spectral distance falls as m grows.
        using var x = Sphere(60, 5, 4);
        using var hInf = DuGram.HInfinity(x);
        var distances = new List<double>();
        foreach (var m in new[] { 200, 12_800 })
        {
            using var g = Seeds.Generator(m);
            using var w = randn(m, 5, generator: g, dtype: float64);
            using var h = DuGram.Finite(x, w);
            using var difference = h.sub(hInf);
            double bound = Math.Sqrt(Math.Log(2.0 * 60 * 60 / 1e-3) / (2 * m));
            Assert.True(difference.abs().max().item<double>() <= bound, $"m = {m}");
            distances.Add(linalg.svdvals(difference).max().item<double>());
        }
        Assert.True(distances[1] < distances[0] / 4, $"||H - H-inf||_2: {distances[0]} at m = 200, {distances[1]} at m = 12800 (expected ~1/8)");
        // On unit inputs H(W)_ii is the fraction of hidden units active at x_i.
        using var g7 = Seeds.Generator(7);
        using var w7 = randn(7, 5, generator: g7, dtype: float64);
        using var diagonal = DuGram.Finite(x, w7).diagonal();
        using var active = x.matmul(w7.t()).ge(Held(0)).to_type(ScalarType.Float64).mean([1]);
        Assert.True(diagonal.allclose(active, rtol: 0, atol: 1e-12));
        using var hInfDiagonal = hInf.diagonal();
        // x.x = 1 up to rounding (1e-16), which arccos turns into about 1e-8: kappa is not Lipschitz at t = 1.
        Assert.True(hInfDiagonal.allclose(full(60, Held(0.5), dtype: float64), rtol: 0, atol: 1e-7), "H-inf_ii = 1/2");
    }
}

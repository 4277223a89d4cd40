using NetGeometry.Curvature;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>Thick-restart Lanczos against torch.linalg.eigh of the same matrix, formed densely.</summary>
public class ThickRestartLanczosTests
{
    private static double[] Expected(double[] lambda, int k, SpectrumEnd end) => (end switch
    {
        SpectrumEnd.Largest => lambda.OrderByDescending(x => x),
        SpectrumEnd.Smallest => lambda.OrderBy(x => x),
        _ => lambda.OrderByDescending(Math.Abs),
    }).Take(k).ToArray();

    /// <summary>The values agree with eigh to 1e-8 relative; the vectors are orthonormal eigenvectors whose true
    /// residuals are the reported ones.</summary>
    private static void AssertMatches(Tensor a, EigenPairs pairs, double[] expected)
    {
        int k = expected.Length;
        Assert.True(pairs.Converged);
        for (int i = 0; i < k; i++)
            Assert.True(Math.Abs(pairs.Values[i] - expected[i]) <= 1e-8 * Math.Abs(expected[i]),
                $"eigenvalue {i}: thick restart {pairs.Values[i]:R}, eigh {expected[i]:R}");
        using var gram = pairs.Vectors.t().matmul(pairs.Vectors);
        Assert.True(gram.allclose(eye(k, dtype: float64), atol: 1e-10));
        for (int i = 0; i < k; i++)
        {
            using var x = pairs.Vectors.select(1, i);
            using var r = a.matmul(x).sub(x.mul(Held(pairs.Values[i]))).norm();
            double trueRelative = r.item<double>() / Math.Abs(pairs.Values[i]);
            Assert.True(Math.Abs(trueRelative - pairs.RelativeResiduals[i]) <= 1e-9, $"pair {i}: true {trueRelative}, reported {pairs.RelativeResiduals[i]}");
        }
    }

    [Fact]
    public void PartialReorthogonalizationKeepsTheValuesToRounding()
    {
        // The Hessian benchmark's spectrum in 300,000 dimensions (one isolated eigenvalue 27 times the next, a cluster of
        // nine, a bulk piled up at 0): most steps skip the whole basis, and the values must still be those of full
        // orthogonality. Starting the estimates from rounding after each restart, instead of from the measured inner
        // products of the new basis, lost 1e-10 here.
        var cluster = new[] { 0.006051, 0.005847, 0.005811, 0.005641, 0.005579, 0.005515, 0.005490, 0.005365, 0.005252 };
        const int n = 300_000;
        var lambda = new[] { 0.1667 }.Concat(cluster)
            .Concat(Enumerable.Range(0, n - 10).Select(i => 0.005 * Math.Pow((double)i / n, 4))).ToArray();
        using var d = tensor(lambda, dtype: float64);
        using var pairs = ThickRestartLanczos.Eigenpairs(new DiagonalOperator(d), 10, SpectrumEnd.Largest, 1e-6, 1000, seed: 0, null);
        var expected = Expected(lambda, 10, SpectrumEnd.Largest);
        for (int i = 0; i < 10; i++)
            Assert.True(Math.Abs(pairs.Values[i] - expected[i]) <= 1e-12 * lambda[0], $"eigenvalue {i}: {pairs.Values[i]:R} against {expected[i]:R}");
    }

    [Theory]
    [InlineData(SpectrumEnd.Largest)]
    [InlineData(SpectrumEnd.Smallest)]
    [InlineData(SpectrumEnd.LargestMagnitude)]
    public void MatchesEighAtEachEndThroughSeveralRestarts(SpectrumEnd end)
    {
        // An indefinite spectrum, geometrically spaced at both ends; a basis of 12 vectors for 4 pairs.
        var lambda = Enumerable.Range(0, 200).Select(i => 10.0 * Math.Pow(0.97, i))
            .Concat(Enumerable.Range(0, 200).Select(i => -5.0 * Math.Pow(0.95, i))).ToArray();
        using var a = WithSpectrum(lambda, 1);
        var reports = new List<LanczosProgress>();
        using var pairs = ThickRestartLanczos.Eigenpairs(new DenseOperator(a), 4, end, 1e-10, 1000, seed: 0,
            new Progress(reports), basisSize: 12);
        AssertMatches(a, pairs, Expected(lambda, 4, end));
        Assert.True(pairs.Products >= 4 * 12, $"several restarts: {pairs.Products} products");
        Assert.Equal(pairs.Products, reports[^1].Products);
        Assert.All(reports, r => Assert.Equal(end, r.End));
    }

    [Fact]
    public void FindsATightClusterWithoutGhosts()
    {
        // The shape of the Hessian benchmark's spectrum: one isolated eigenvalue, a cluster of nine 0.6% apart, a bulk.
        var lambda = new[] { 1.0 }.Concat(Enumerable.Range(0, 9).Select(i => 0.045 - 0.000625 * i))
            .Concat(Enumerable.Range(0, 590).Select(i => 0.035 * i / 590.0)).ToArray();
        using var a = WithSpectrum(lambda, 3);
        using var pairs = ThickRestartLanczos.Eigenpairs(new DenseOperator(a), 10, SpectrumEnd.Largest, 1e-10, 2000, seed: 0, null);
        AssertMatches(a, pairs, Expected(lambda, 10, SpectrumEnd.Largest));
        Assert.True(pairs.Products > ThickRestartLanczos.BasisSize(10), $"restarted: {pairs.Products} products");
    }

    [Theory]
    [InlineData(SpectrumEnd.Largest)]
    [InlineData(SpectrumEnd.Smallest)]
    public void FindsRepeatedEigenvaluesAcrossBreakdowns(SpectrumEnd end)
    {
        // Four distinct values, each twice, over a null space of 192: the Krylov space of one start vector is invariant
        // after 4 steps and holds one copy of each; the second copies come from the vector drawn after the breakdown.
        var lambda = new[] { 3.0, 3.0, 2.0, 2.0, -1.0, -1.0, -2.5, -2.5 }.Concat(new double[192]).ToArray();
        using var a = WithSpectrum(lambda, 4);
        using var pairs = ThickRestartLanczos.Eigenpairs(new DenseOperator(a), 4, end, 1e-10, 200, seed: 0, null, basisSize: 8);
        AssertMatches(a, pairs, Expected(lambda, 4, end));
    }

    [Fact]
    public void AgreesWithTheDenseLossHessian()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Relu, LossKind.Square, seed: 5);
        using var _ = net;
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, LossKind.Square);
        var dense = Dense(hessian);
        var exact = linalg.eigvalsh(dense).data<double>().ToArray();
        using var pairs = ThickRestartLanczos.Eigenpairs(hessian, 3, SpectrumEnd.Largest, 1e-10, 500, seed: 0, null, basisSize: 8);
        AssertMatches(dense, pairs, Expected(exact, 3, SpectrumEnd.Largest));
    }

    [Fact]
    public void TheAutomaticChoiceKeepsTheWholeBasisOnlyWhenItIsSmall()
    {
        int m = ThickRestartLanczos.BasisSize(10);
        Assert.Equal(40, m);
        Assert.False(Lanczos.RestartsThick(Lanczos.FullBasisDimension, 10, 300));   // output-space sized: full basis
        Assert.True(Lanczos.RestartsThick(1_150_000, 10, 500));                   // the Hessian benchmark: thick restart
        Assert.False(Lanczos.RestartsThick(1_150_000, 10, m));                    // a basis that would never restart
        Assert.Equal(Lanczos.BasisBytes(1_150_000, 300), Lanczos.BasisBytes(1_150_000, 10, 300) * 300.0 / (2 * (m + 1)));
        // Through the public entry point: a 400-dimensional problem runs the full method, which returns exactly the
        // pairs of the full method.
        var lambda = Enumerable.Range(0, 400).Select(i => 1.0 / (1 + i)).ToArray();
        using var a = WithSpectrum(lambda, 2);
        using var chosen = Lanczos.Eigenpairs(new DenseOperator(a), 3, SpectrumEnd.Largest, 1e-8);
        using var full = Lanczos.Full(new DenseOperator(a), 3, SpectrumEnd.Largest, 1e-8, 300, 0, null);
        Assert.Equal(full.Products, chosen.Products);
        Assert.Equal(full.Values, chosen.Values);
    }

    /// <summary>Keeps every report, synchronously (System.Progress would post them to the thread pool).</summary>
    private sealed class Progress(List<LanczosProgress> reports) : IProgress<LanczosProgress>
    {
        public void Report(LanczosProgress value) => reports.Add(value);
    }
}

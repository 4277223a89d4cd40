using NetGeometry.Curvature;
using NetGeometry.Engine;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

public class TridiagonalTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(40, 3)]
    [InlineData(300, 4)]
    public void QlEigenvaluesAndLastComponentsMatchLapack(int m, long seed)
    {
        var random = new Random((int)seed);
        var alpha = Enumerable.Range(0, m).Select(_ => random.NextDouble() * 10 - 5).ToList();
        // Some couplings tiny, so that the matrix nearly splits and values cluster.
        var beta = Enumerable.Range(0, m - 1).Select(i => i % 7 == 3 ? 1e-13 : random.NextDouble() + 0.1).ToList();
        var (values, last) = Tridiagonal.Eigen(alpha, beta);
        using var t = Tridiagonal.Matrix(alpha, beta);
        var (lapackValues, lapackVectors) = linalg.eigh(t);
        using (lapackValues) using (lapackVectors)
        {
            var expected = lapackValues.data<double>().ToArray();
            var order = Enumerable.Range(0, m).OrderBy(i => values[i]).ToArray();
            for (int j = 0; j < m; j++)
            {
                Assert.Equal(expected[j], values[order[j]], 1e-12 * (1 + Math.Abs(expected[j])));
                // Eigenvectors are defined up to sign; check |s_m| where the eigenvalue is isolated.
                bool isolated = (j == 0 || expected[j] - expected[j - 1] > 1e-6) && (j == m - 1 || expected[j + 1] - expected[j] > 1e-6);
                if (isolated) Assert.Equal(Math.Abs(lapackVectors[m - 1, j].item<double>()), Math.Abs(last[order[j]]), 1e-9);
            }
        }
    }

    [Fact]
    public void LanczosRunsPastSeveralBasisBlocks()
    {
        // A slowly converging end (eigenvalues 1 + i/n, evenly spaced) needs well over 64 steps: the basis spans blocks.
        const int n = 800;
        using var d = tensor(Enumerable.Range(0, n).Select(i => 1.0 + (double)i / n).ToArray());
        var reports = new Reports();
        using var pairs = Lanczos.Eigenpairs(new DiagonalOperator(d), 2, SpectrumEnd.Smallest, tolerance: 1e-10, maxProducts: 800, progress: reports);
        Assert.True(pairs.Products > 130, $"only {pairs.Products} products");
        // Progress: a report at each check, products increasing, the last one the converged state.
        Assert.True(reports.Seen.Count > 100);
        Assert.True(reports.Seen.Zip(reports.Seen.Skip(1), (a, b) => b.Products > a.Products).All(x => x));
        Assert.Equal(pairs.Products, reports.Seen[^1].Products);
        Assert.All(reports.Seen[^1].RelativeResiduals, r => Assert.True(r <= 1e-10));
        Assert.True(reports.Seen[0].RelativeResiduals[0] > 1e-10);
        Assert.True(pairs.Converged);
        Assert.Equal(1.0, pairs.Values[0], 1e-9);
        Assert.Equal(1.0 + 1.0 / n, pairs.Values[1], 1e-9);
        using var e0 = pairs.Vectors.select(1, 0).abs();
        Assert.Equal(1.0, e0[0].item<double>(), 1e-6);
    }

    private sealed class Reports : IProgress<LanczosProgress>
    {
        public List<LanczosProgress> Seen { get; } = new();
        public void Report(LanczosProgress value) => Seen.Add(value);
    }
}

using NetGeometry.Curvature;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>T' = P T P + U Lambda^-1 U^T against its defining properties, and what it buys LOBPCG.</summary>
public class SpectralCorrectionTests
{
    private const int N = 80, Q = 6;

    /// <summary>A: bulk spectrum in [1e-3, 1] and Q outliers up to 1e4; its top-Q eigenpairs, largest first.</summary>
    private static (Tensor A, Tensor U, double[] Lambda) Problem()
    {
        var spectrum = Enumerable.Range(0, N).Select(i => i < N - Q ? Math.Pow(10, -3 + 3.0 * i / (N - Q - 1)) : Math.Pow(10, i - (N - Q) - 1 + 0.5)).ToArray();
        var a = LobpcgTests.WithSpectrum(spectrum, 5);
        var (values, vectors) = linalg.eigh(a);
        using (values)
        using (vectors)
        using (var top = arange(Held(N - 1), Held(N - Q - 1), Held(-1)))
            return (a, vectors.index_select(1, top), spectrum.OrderByDescending(v => v).Take(Q).ToArray());
    }

    /// <summary>T' as a matrix: T' applied to the identity.</summary>
    private static Tensor AsMatrix(SpectralCorrection corrected)
    {
        using var identity = eye(N, dtype: ScalarType.Float64);
        return corrected.Apply(identity);
    }

    [Fact]
    public void OnTheEigenvectorsItInvertsTheOperatorAndElsewhereItIsTheProjectedPreconditioner()
    {
        var (a, u, lambda) = Problem();
        using (a) using (u)
        {
            using var jacobi = a.diag().reciprocal();
            using var corrected = new SpectralCorrection(v => v.mul(jacobi.unsqueeze(1)), u, lambda);
            using var au = a.mm(u);
            using var back = corrected.Apply(au);
            Assert.True(back.sub(u).abs().max().item<double>() < 1e-10, "T' A u = u for the corrected eigenvectors");
            using var g = Seeds.Generator(1);
            using var w = randn(N, 3, generator: g, dtype: ScalarType.Float64);
            using var orthogonal = w.sub(u.mm(u.t().mm(w)));
            using var expected = orthogonal.mul(jacobi.unsqueeze(1));
            using var projected = expected.sub(u.mm(u.t().mm(expected)));
            using var actual = corrected.Apply(orthogonal);
            Assert.True(actual.sub(projected).abs().max().item<double>() < 1e-12, "T' w = P T w for w orthogonal to U");
            using var column = orthogonal[.., 0];
            using var vectorResult = corrected.Apply(column);
            using var fromBlock = actual[.., 0];
            Assert.True(vectorResult.sub(fromBlock).abs().max().item<double>() < 1e-14, "a vector goes through as a one-column block");
        }
    }

    [Fact]
    public void WithInexactVectorsItStaysSymmetricPositiveDefinite()
    {
        var (a, u, lambda) = Problem();
        using (a) using (u)
        {
            using var g = Seeds.Generator(2);
            using var noise = randn(N, Q, generator: g, dtype: ScalarType.Float64);
            var (rough, r) = linalg.qr(u.add(noise, Held(0.3)));
            using (r)
            using (rough)
            using (var corrected = new SpectralCorrection(v => v.clone(), rough, lambda))
            using (var matrix = AsMatrix(corrected))
            using (var values = linalg.eigvalsh(matrix.add(matrix.t(), Held(1)).mul(Held(0.5))))
            {
                Assert.True(matrix.sub(matrix.t()).abs().max().item<double>() < 1e-12, "symmetric");
                Assert.True(values.min().item<double>() > 0, "positive definite");
            }
        }
    }

    [Fact]
    public void PairsWithoutAPositiveValueAreLeftOut()
    {
        var (a, u, lambda) = Problem();
        using (a) using (u)
        {
            using var first = u.narrow(1, 0, Q - 1);
            using var whole = new SpectralCorrection(v => v.clone(), u, lambda.Take(Q - 1).Append(0.0).ToArray());
            using var part = new SpectralCorrection(v => v.clone(), first, lambda.Take(Q - 1).ToArray());
            using var left = AsMatrix(whole);
            using var right = AsMatrix(part);
            Assert.True(left.sub(right).abs().max().item<double>() < 1e-14);
        }
    }

    [Fact]
    public void CorrectedOnTheOutliersLobpcgConvergesWhereWithoutItDoesNot()
    {
        // Unpreconditioned, LOBPCG sees the condition number 1e7 of the whole spectrum; corrected on the outliers, T' A
        // is A on the bulk (condition number 1e3) and the identity on them.
        var (a, u, lambda) = Problem();
        using (a) using (u)
        {
            var op = new DenseOperator(a);
            using var plain = Lobpcg.Smallest(op, 1, v => v.clone(), tolerance: 1e-4, maxProducts: 2000, seed: 3);
            using var corrected = new SpectralCorrection(v => v.clone(), u, lambda);
            using var better = Lobpcg.Smallest(op, 1, corrected.Apply, tolerance: 1e-4, maxProducts: 2000, seed: 3);
            Assert.True(better.Converged, $"corrected: {better.Products} products, residual {better.RelativeResiduals[0]}");
            Assert.Equal(1e-3, better.Values[0], 1e-8);
            Assert.True(!plain.Converged || plain.Products > 2 * better.Products, $"{better.Products} products corrected, {plain.Products} without");
        }
    }
}

using NetGeometry.Curvature;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

public class LanczosTests
{
    [Theory]
    [InlineData(SpectrumEnd.Largest)]
    [InlineData(SpectrumEnd.Smallest)]
    [InlineData(SpectrumEnd.LargestMagnitude)]
    public void MatchesEighAtEitherEnd(SpectrumEnd end)
    {
        // An indefinite spectrum, geometrically spaced at both ends.
        var lambda = Enumerable.Range(0, 200).Select(i => 10.0 * Math.Pow(0.97, i))
            .Concat(Enumerable.Range(0, 200).Select(i => -5.0 * Math.Pow(0.95, i))).ToArray();
        using var a = CurvatureProblems.WithSpectrum(lambda, 1);
        using var pairs = Lanczos.Eigenpairs(new DenseOperator(a), 4, end, tolerance: 1e-10);
        var sorted = end switch
        {
            SpectrumEnd.Largest => lambda.OrderByDescending(x => x),
            SpectrumEnd.Smallest => lambda.OrderBy(x => x),
            _ => lambda.OrderByDescending(Math.Abs),
        };
        var expected = sorted.Take(4).ToArray();
        Assert.True(pairs.Converged);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], pairs.Values[i], 8);
        // The returned vectors are eigenvectors: ||A x - theta x|| small, and orthonormal.
        using var ax = a.matmul(pairs.Vectors);
        using var residual = ax.sub(pairs.Vectors.mul(tensor(pairs.Values))).norm();
        Assert.True(residual.item<double>() < 1e-7, $"residual {residual.item<double>()}");
        using var gram = pairs.Vectors.t().matmul(pairs.Vectors);
        Assert.True(gram.allclose(eye(4, dtype: float64), atol: 1e-10));
    }

    [Fact]
    public void ReportedResidualsAreTheTrueOnes()
    {
        var lambda = Enumerable.Range(0, 300).Select(i => 1.0 / (1 + i)).ToArray();
        using var a = CurvatureProblems.WithSpectrum(lambda, 2);
        using var pairs = Lanczos.Eigenpairs(new DenseOperator(a), 3, SpectrumEnd.Largest, tolerance: 1e-6);
        for (int i = 0; i < 3; i++)
        {
            using var x = pairs.Vectors.select(1, i);
            using var r = a.matmul(x).sub(x.mul(Held(pairs.Values[i]))).norm();
            double trueRelative = r.item<double>() / Math.Abs(pairs.Values[i]);
            Assert.True(trueRelative <= 1e-6 * 1.01 + 1e-12, $"pair {i}: true relative residual {trueRelative}");
            Assert.Equal(trueRelative, pairs.RelativeResiduals[i], 8);
        }
        Assert.True(pairs.Products < 300, "stopped on the tolerance, before exhausting the space");
    }

    [Fact]
    public void ALongRunOnAClusteredSpectrumFindsEachEigenvalueOnceWithOrthonormalVectors()
    {
        // The shape of the Hessian benchmark's spectrum: one isolated eigenvalue, a tight cluster of nine (gaps of about
        // 0.6%), a bulk below. A basis that lost orthogonality would return copies ("ghosts") of the isolated one.
        var lambda = new[] { 1.0 }.Concat(Enumerable.Range(0, 9).Select(i => 0.045 - 0.000625 * i))
            .Concat(Enumerable.Range(0, 590).Select(i => 0.035 * i / 590.0)).ToArray();
        using var a = CurvatureProblems.WithSpectrum(lambda, 3);
        using var pairs = Lanczos.Eigenpairs(new DenseOperator(a), 10, SpectrumEnd.Largest, tolerance: 1e-11);
        Assert.True(pairs.Converged);
        Assert.True(pairs.Products > 50, $"a hard case: {pairs.Products} products");
        var expected = lambda.OrderByDescending(x => x).Take(10).ToArray();
        for (int i = 0; i < 10; i++) Assert.Equal(expected[i], pairs.Values[i], 10);
        using var gram = pairs.Vectors.t().matmul(pairs.Vectors);
        Assert.True(gram.allclose(eye(10, dtype: float64), atol: 1e-10));
    }
}

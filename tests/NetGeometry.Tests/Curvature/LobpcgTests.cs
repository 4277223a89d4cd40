using NetGeometry.Curvature;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

public class LobpcgTests
{
    /// <summary>Q diag(lambda) Q^T for a seeded orthogonal Q: a symmetric positive definite matrix with a known spectrum.</summary>
    private static Tensor WithSpectrum(double[] lambda, long seed)
    {
        using var g = Seeds.Generator(seed);
        using var a = randn(lambda.Length, lambda.Length, generator: g, dtype: float64);
        var (q, _) = linalg.qr(a);
        using (q)
        using (var d = tensor(lambda))
        using (var scaled = q.mul(d.unsqueeze(0)))
            return scaled.mm(q.t());
    }

    [Fact]
    public void WithoutAPreconditionerItFindsTheSmallestOfAWellSpreadSpectrum()
    {
        var lambda = Enumerable.Range(0, 120).Select(i => 0.5 + i * 0.1).ToArray();
        using var matrix = WithSpectrum(lambda, 1);
        var op = new DenseOperator(matrix);
        using var pairs = Lobpcg.Smallest(op, 3, v => v.clone(), tolerance: 1e-9, maxProducts: 600, seed: 2);
        Assert.True(pairs.Converged);
        for (int i = 0; i < 3; i++) Assert.Equal(lambda[i], pairs.Values[i], 1e-9);
        using var av = matrix.mm(pairs.Vectors);
        using var residual = av.sub(pairs.Vectors.mul(tensor(pairs.Values).unsqueeze(0)));
        Assert.True(residual.norm().item<double>() < 1e-8, "the returned vectors are eigenvectors");
        using var gram = pairs.Vectors.t().mm(pairs.Vectors);
        using var identity = eye(3, dtype: float64);
        Assert.True(gram.sub(identity).abs().max().item<double>() < 1e-10, "and orthonormal");
    }

    [Fact]
    public void AGoodPreconditionerFindsTheBottomOfAnIllConditionedSpectrumInAFewSteps()
    {
        // lambda from 1e-6 to 1e3: Lanczos needs hundreds of products to resolve the bottom; with T close to A^-1
        // (here A^-1 perturbed by 10% in a random symmetric direction) LOBPCG converges in a few dozen.
        var lambda = Enumerable.Range(0, 200).Select(i => Math.Pow(10, -6 + 9.0 * i / 199)).ToArray();
        using var matrix = WithSpectrum(lambda, 3);
        using var inverse = linalg.inv(matrix);
        using var g = Seeds.Generator(4);
        using var e = randn(200, 200, generator: g, dtype: float64);
        using var sym = e.add(e.t(), Held(1)).div(Held(2 * Math.Sqrt(200)));
        using var sqrtInverse = WithSpectrum(lambda.Select(l => 1 / Math.Sqrt(l)).ToArray(), 3);
        using var t = sqrtInverse.mm(eye(200, dtype: float64).add(sym.mul(Held(0.1)), Held(1))).mm(sqrtInverse);
        var op = new DenseOperator(matrix);
        using var pairs = Lobpcg.Smallest(op, 1, v => t.mm(v), tolerance: 1e-5, maxProducts: 60, seed: 0);
        Assert.True(pairs.Converged, $"{pairs.Products} products, residual {pairs.RelativeResiduals[0]}");
        Assert.Equal(1.0, pairs.Values[0] / lambda[0], 1e-5);
        using var lanczos = Lanczos.Eigenpairs(op, 1, SpectrumEnd.Smallest, tolerance: 1e-5, maxProducts: 60);
        Assert.False(lanczos.Converged, "the same budget is not enough without the preconditioner");
    }

    [Fact]
    public void TheAugmentedPairsAreStillTheSmallestOfA()
    {
        // Y holds the second smallest eigenvector and four random directions: it joins every Rayleigh-Ritz step, but the
        // pairs returned are A's two smallest, not those of A on the complement of Y.
        var lambda = Enumerable.Range(0, 90).Select(i => 1.0 + i).ToArray();
        using var matrix = WithSpectrum(lambda, 5);
        var (_, vectors) = linalg.eigh(matrix);
        using var g = Seeds.Generator(6);
        using (vectors)
        using (var random = randn(90, 4, generator: g, dtype: float64))
        using (var y = cat([vectors.narrow(1, 1, 1), random], 1))
        using (var pairs = Lobpcg.Smallest(new DenseOperator(matrix), 2, v => v.clone(), 1e-9, 600, seed: 1, augmentation: y))
        {
            Assert.True(pairs.Converged);
            Assert.Equal(lambda[0], pairs.Values[0], 1e-8);
            Assert.Equal(lambda[1], pairs.Values[1], 1e-8);
        }
    }

    [Fact]
    public void TheTopEigenvectorsRemoveTheResidualFloorOfAPreconditionerBlindThere()
    {
        // lambda from 1e-6 to 1, then five at 1e3 to 5e3; T is A^-1 (perturbed by 10%) except on the top five
        // eigenvectors, where it is 1e6 times too small: the bottom converges, but the Ritz vector keeps top content that
        // T cannot remove, whose residual, multiplied by lambda_max, stays far above theta. Augmented with those five,
        // every step removes it.
        const int n = 200;
        var lambda = Enumerable.Range(0, n).Select(i => Math.Pow(10, -6 + 6.0 * i / (n - 1))).ToArray();
        for (int i = 0; i < 5; i++) lambda[n - 5 + i] = 1e3 * (i + 1);
        using var matrix = WithSpectrum(lambda, 3);
        var tau = lambda.Select((l, i) => (i < n - 5 ? 1 : 1e-6) / l).ToArray();
        using var sqrtT = WithSpectrum(tau.Select(Math.Sqrt).ToArray(), 3);
        using var g = Seeds.Generator(4);
        using var e = randn(n, n, generator: g, dtype: float64);
        using var sym = e.add(e.t(), Held(1)).div(Held(2 * Math.Sqrt(n)));
        using var t = sqrtT.mm(eye(n, dtype: float64).add(sym.mul(Held(0.1)), Held(1))).mm(sqrtT);
        var (_, vectors) = linalg.eigh(matrix);
        using (vectors)
        using (var top = vectors.narrow(1, n - 5, 5))
        {
            var op = new DenseOperator(matrix);
            using var free = Lobpcg.Smallest(op, 1, v => t.mm(v), tolerance: 1e-4, maxProducts: 40, seed: 0);
            Assert.False(free.Converged, $"alone: residual {free.RelativeResiduals[0]} after {free.Products} products");
            Assert.Equal(1.0, free.Values[0] / lambda[0], 1e-6);   // theta has converged all the same
            using var augmented = Lobpcg.Smallest(op, 1, v => t.mm(v), tolerance: 1e-4, maxProducts: 45, seed: 0, augmentation: top);
            Assert.True(augmented.Converged, $"augmented: residual {augmented.RelativeResiduals[0]} after {augmented.Products} products");
            Assert.Equal(1.0, augmented.Values[0] / lambda[0], 1e-6);
        }
    }

    [Fact]
    public void TooManyPairsForTheDimensionAreRefused()
    {
        using var matrix = eye(6, dtype: float64);
        var error = Assert.Throws<ArgumentException>(() => Lobpcg.Smallest(new DenseOperator(matrix), 2, v => v, 1e-6, 10));
        Assert.Contains("k < 6 / 3", error.Message);
    }
}

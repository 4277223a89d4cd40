using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>
/// Block products A V (ILinearOperator.ApplyBlock) against the column loop A v_j, and the estimators that take their
/// products in blocks (stochastic Lanczos quadrature side by side, Hutchinson, Hutch++) against the same estimates
/// taken one vector at a time.
/// </summary>
public class BlockProductTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<CurvatureMatrix, LossKind> Matrices()
    {
        var data = new TheoryData<CurvatureMatrix, LossKind>();
        foreach (var matrix in Enum.GetValues<CurvatureMatrix>())
            foreach (var loss in new[] { LossKind.Square, LossKind.CrossEntropy })
                data.Add(matrix, loss);
        return data;
    }

    [Theory, MemberData(nameof(Matrices))]
    public void LossCurvatureBlockEqualsTheColumnLoopOverOneBatchAndSeveral(CurvatureMatrix matrix, LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, loss, seed: 5, examples: 7);
        using (net)
        {
            using var g = Seeds.Generator(21);
            var block = randn(net.ParameterCount(), 5, generator: g, dtype: float64);
            foreach (var (what, batches) in new[] { ("one batch", new[] { data }), ("batches of 3, 3, 1", data.Batches(3).ToArray()) })
            {
                using var op = matrix.Create(net, batches, loss);
                var columns = stack(Enumerable.Range(0, 5).Select(j => op.Apply(block.select(1, j))).ToList(), 1);
                var product = op.ApplyBlock(block);
                Assert.Equal(new long[] { op.Dimension, 5 }, product.shape);
                double error = RelativeError(product, columns);
                Assert.True(error < Tolerance, $"{matrix} {loss}, {what}: relative error {error}");
                Assert.Throws<ArgumentException>(() => op.ApplyBlock(block.select(1, 0)));
                Assert.Throws<ArgumentException>(() => op.ApplyBlock(block.narrow(0, 1, op.Dimension - 1)));
            }
        }
    }

    [Theory]
    [InlineData("mlp relu ntk bias, 3 outputs")]
    [InlineData("mlp gelu ntk no bias")]
    public void StructuredNtkBlockEqualsTheColumnLoop(string family)
    {
        using var scope = NewDisposeScope();
        using var net = Kernels.KernelFixtures.Network(family);
        var x = Kernels.KernelFixtures.Inputs(11, 13);
        foreach (var output in Enum.GetValues<NtkOutput>())
            foreach (var blockRows in new[] { 2048, 4 })
            {
                using var op = NtkOperator.Create(net, x, new NtkOptions { Method = NtkMethod.Structured, Output = output, BlockRows = blockRows });
                Assert.Equal(NtkMethod.Structured, op.Method);
                using var g = Seeds.Generator(22);
                var block = randn(op.Dimension, 4, generator: g, dtype: float64);
                var columns = stack(Enumerable.Range(0, 4).Select(j => op.Apply(block.select(1, j))).ToList(), 1);
                var product = op.ApplyBlock(block);
                double error = RelativeError(product, columns);
                Assert.True(error < Tolerance, $"{family} {output}, row blocks of {blockRows}: relative error {error}");
                Assert.Equal(8, op.Products);
                // Against the kernel formed densely as well.
                using var kernel = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Method = NtkMethod.Jacobian, Output = output });
                Assert.True(RelativeError(product, kernel.mm(block)) < 1e-10, $"{family} {output}: against the stored kernel");
            }
    }

    [Fact]
    public void SpectralDensitySideBySideGivesEachProbesOwnRule()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square, seed: 8, examples: 7);
        using (net)
        using (var hessian = CurvatureMatrix.LossHessian.Create(net, data.Batches(3), LossKind.Square))
        {
            // 20 probes: five groups of OperatorBlock.Width = 4 side by side; 12 steps in a dimension of 54.
            var density = SpectralDensity.Estimate(hessian, probes: 20, steps: 12, seed: 9);
            using var generator = Seeds.Generator(9);
            var alone = Enumerable.Range(0, 20).Select(_ =>
            {
                using var start = RandomProbes.Rademacher(generator, hessian, 1);
                using var v = start.squeeze(1);
                return GaussQuadrature.Lanczos(hessian, v, 12);
            }).ToList();
            Assert.Equal(20, density.Quadratures.Count);
            Assert.Equal(alone.Sum(r => r.Nodes.Length), density.Products);
            double scale = alone.Max(r => r.Nodes.Max(Math.Abs));
            for (int l = 0; l < 20; l++)
            {
                Assert.Equal(alone[l].Nodes.Length, density.Quadratures[l].Nodes.Length);
                for (int k = 0; k < alone[l].Nodes.Length; k++)
                {
                    Assert.True(Math.Abs(density.Quadratures[l].Nodes[k] - alone[l].Nodes[k]) <= 1e-9 * scale,
                        $"probe {l} node {k}: side by side {density.Quadratures[l].Nodes[k]}, alone {alone[l].Nodes[k]}");
                    Assert.True(Math.Abs(density.Quadratures[l].Weights[k] - alone[l].Weights[k]) <= 1e-9,
                        $"probe {l} weight {k}: side by side {density.Quadratures[l].Weights[k]}, alone {alone[l].Weights[k]}");
                }
            }
        }
    }

    [Fact]
    public void SpectralDensityStopsEachRecurrenceAtItsOwnInvariantSpace()
    {
        using var scope = NewDisposeScope();
        // A matrix with 3 distinct eigenvalues: every Krylov space is invariant after at most 3 steps, so each rule has
        // at most 3 nodes, and they are among the eigenvalues.
        using var matrix = WithSpectrum(new[] { 1.0, 1.0, 1.0, 2.0, 2.0, 5.0, 5.0, 5.0 }, seed: 3);
        var density = SpectralDensity.Estimate(new DenseOperator(matrix), probes: 5, steps: 8, seed: 4);
        foreach (var rule in density.Quadratures)
        {
            Assert.InRange(rule.Nodes.Length, 1, 3);
            Assert.All(rule.Nodes, t => Assert.True(new[] { 1.0, 2.0, 5.0 }.Any(l => Math.Abs(t - l) < 1e-8), $"node {t}"));
            Assert.Equal(1.0, rule.Weights.Sum(), 10);
        }
    }

    [Fact]
    public void TraceEstimatorsWithBlockProductsMatchTheDenseMatrix()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Softplus, LossKind.CrossEntropy, seed: 6, examples: 7);
        using (net)
        using (var gaussNewton = CurvatureMatrix.GaussNewton.Create(net, data.Batches(3), LossKind.CrossEntropy))
        {
            var dense = new DenseOperator(Dense(gaussNewton));                 // formed one Apply per column
            foreach (int products in new[] { 7, 40 })
            {
                var hutchinson = Hutchinson.Estimate(gaussNewton, products, seed: 3);
                var reference = Hutchinson.Estimate(dense, products, seed: 3);
                Assert.True(Math.Abs(hutchinson.Value - reference.Value) <= 1e-10 * Math.Abs(reference.Value), $"Hutchinson, {products} probes");
                var plus = HutchPlusPlus.Estimate(gaussNewton, products, seed: 3);
                var plusReference = HutchPlusPlus.Estimate(dense, products, seed: 3);
                Assert.True(Math.Abs(plus.Value - plusReference.Value) <= 1e-10 * Math.Abs(plusReference.Value), $"Hutch++, {products} products");
            }
        }
    }
}

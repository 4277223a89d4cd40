using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Geometry.Kernel;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static NetGeometry.Tests.Kernels.KernelFixtures;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class KernelComplexityTests
{
    /// <summary>K = V diag(lambda) V^T with V a seeded random orthogonal matrix.</summary>
    private static (Tensor Kernel, Tensor Vectors) Spectral(double[] lambda, long seed)
    {
        using var g = Seeds.Generator(seed);
        using var a = randn(lambda.Length, lambda.Length, generator: g, dtype: float64);
        var (q, r) = linalg.qr(a);
        r.Dispose();
        using var d = diag(tensor(lambda, dtype: float64));
        return (q.matmul(d).matmul(q.t()), q);
    }

    [Fact]
    public void TheQuadraticFormMatchesADenseSolveOnAWellConditionedKernel()
    {
        using var x = Inputs(20, 4, dim: 6);
        using var k = x.matmul(x.t()).add_(eye(20, dtype: float64), Held(1));
        using var y = Inputs(20, 5, dim: 3);
        using var pinv = new KernelPseudoInverse(k);
        using var solved = linalg.solve(k, y);
        double dense = y.mul(solved).sum().item<double>();
        Assert.Equal(dense, pinv.QuadraticForm(y), 1e-9 * dense);
        Assert.Equal(20, pinv.Rank);
        using var eig = linalg.eigvalsh(k);
        Assert.Equal(eig[0].item<double>(), pinv.LambdaMin, 1e-10);
    }

    [Fact]
    public void AChangeInTheEigenvectorSpanHasNormSumOfSquaredCoefficientsOverEigenvalues()
    {
        double[] lambda = [4, 2, 1, 0.5, 0.25, 0];
        var (k, v) = Spectral(lambda, 11);
        using var _k = k; using var _v = v;
        double[] a = [1, -2, 0.5, 3, 1, 7]; // the last lies in the kernel's null space: the pseudo-inverse drops it
        using var coefficients = tensor(a, dtype: float64);
        using var change = v.matmul(coefficients);
        using var pinv = new KernelPseudoInverse(k);
        double expected = Enumerable.Range(0, 5).Sum(i => a[i] * a[i] / lambda[i]);
        using var zero = zeros(6, dtype: float64);
        Assert.Equal(Math.Sqrt(expected), KernelComplexity.RkhsNormOfChange(pinv, zero, change), 1e-9);
        Assert.Equal(5, pinv.Rank);
    }

    [Fact]
    public void TheDataDependentComplexityOfAScaledIdentityIsTheTargetNormOverSqrtCn()
    {
        using var k = eye(8, dtype: float64).mul(Held(3));
        using var y = Inputs(8, 2, dim: 2);
        using var pinv = new KernelPseudoInverse(k);
        double squared = y.pow(Held(2)).sum().item<double>();
        Assert.Equal(Math.Sqrt(2 * squared / (3 * 8)), KernelComplexity.DataDependent(pinv, y), 1e-12);
    }

    [Fact]
    public void ForAModelLinearInItsParametersTheRkhsNormIsTheParameterDistance()
    {
        // f(x) = W x + b is linear in (W, b) with Jacobian Phi = [X, 1]; for n > d + 1 generic inputs Phi has full
        // column rank, so f_T - f_0 = Phi dtheta has dtheta as its unique (hence minimum-norm) preimage and
        // ||f_T - f_0||_K0 = ||dtheta|| for K0 = Phi Phi^T.
        using var net = new Mlp(4, Array.Empty<int>(), 1, Activation.Identity, Parameterization.Standard);
        net.Initialize(2);
        using var x = Inputs(12, 8, dim: 4);
        using var data = new Dataset("linear", x, zeros(12, 1, dtype: float64), "test");
        using var f0 = Evaluation.Outputs(net, data);
        using var complexity = new InitialKernelComplexity(net, data, f0);
        Assert.Equal(0, complexity.RkhsNorm(f0), 1e-12);
        using var g = Seeds.Generator(9);
        using var step = randn(1, 4, generator: g, dtype: float64).mul(Held(0.3));
        using (no_grad()) net.Layers[0].Parameters.First(p => p.Name.EndsWith("weight")).Value.add_(step, Held(1));
        using var f1 = Evaluation.Outputs(net, data);
        Assert.Equal(step.norm().item<double>(), complexity.RkhsNorm(f1), 1e-8);
    }

    [Fact]
    public void TheTwoLayerReluDataDependentComplexityMatchesADenseSolveWithDuHInfinity()
    {
        using var net = new TwoLayerRelu(5, 40);
        net.Initialize(1);
        using var x = UnitInputs(15, 3);
        using var y = Inputs(15, 6, dim: 1);
        using var data = new Dataset("sphere", x, y, "test");
        using var f0 = Evaluation.Outputs(net, data);
        using var complexity = new InitialKernelComplexity(net, data, f0);
        using var h = DuGram.HInfinity(x);
        using var solved = linalg.solve(h, y);
        double expected = Math.Sqrt(2 * y.mul(solved).sum().item<double>() / 15);
        Assert.Equal(expected, complexity.DataDependentComplexity!.Value, 1e-8 * expected);
        Assert.True(complexity.LambdaMin > 0);
    }

    [Fact]
    public void AResidualMlpHasNoLimitKernelSoNoDataDependentComplexity()
    {
        using var net = Network("residual-mlp softplus, 2 outputs");
        using var x = Inputs(10, 3);
        using var data = new Dataset("gaussian", x, zeros(10, 2, dtype: float64), "test");
        using var f0 = Evaluation.Outputs(net, data);
        using var complexity = new InitialKernelComplexity(net, data, f0);
        Assert.Null(complexity.DataDependentComplexity);
    }
}

using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using static NetGeometry.Tests.Kernels.KernelFixtures;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

public class NtkOperatorTests
{
    [Theory]
    [MemberData(nameof(Families), MemberType = typeof(KernelFixtures))]
    public void ProductsMatchTheStoredKernelForEveryRoute(string family)
    {
        using var net = Network(family);
        using var x = Inputs(9, 12);
        var methods = net.IsDenseOnly() ? new[] { NtkMethod.Structured, NtkMethod.Jacobian } : new[] { NtkMethod.Jacobian };
        foreach (var output in Enum.GetValues<NtkOutput>())
        {
            using var kernel = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Method = NtkMethod.Jacobian, Output = output });
            using var g = Seeds.Generator(5);
            using var block = randn(kernel.shape[0], 3, generator: g, dtype: float64);
            using var expected = kernel.mm(block);
            foreach (var method in methods)
                foreach (var blockRows in new[] { 2048, 4 })
                {
                    using var op = NtkOperator.Create(net, x, new NtkOptions { Method = method, Output = output, BlockRows = blockRows });
                    Assert.Equal(kernel.shape[0], op.Dimension);
                    using var actual = ((ILinearOperator)op).ApplyBlock(block);
                    double error = RelativeError(actual, expected);
                    Assert.True(error < 1e-10, $"{family} {output} {method} blocks of {blockRows}: {error}");
                    Assert.Equal(3, op.Products);
                }
        }
    }

    [Theory]
    [InlineData("mlp relu ntk bias, 3 outputs", NtkMethod.Structured)]
    [InlineData("residual-mlp softplus, 2 outputs", NtkMethod.Jacobian)]
    public void EigensolversMatchEighAtBothEnds(string family, NtkMethod method)
    {
        using var net = Network(family);
        using var x = Inputs(60, 8);
        using var kernel = EmpiricalNtk.Compute(net, x);
        using var values = linalg.eigvalsh(kernel);
        var lambda = values.data<double>().ToArray();
        using var op = NtkOperator.Create(net, x, new NtkOptions { Method = method });
        using var top = op.Largest(3, tolerance: 1e-10);
        using var bottom = op.Smallest(3, tolerance: 1e-10);
        Assert.True(top.Converged && bottom.Converged);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(lambda[^(i + 1)], top.Values[i], 1e-9 * lambda[^1]);
            Assert.Equal(lambda[i], bottom.Values[i], 1e-9 * lambda[^1]);
        }
    }

    [Fact]
    public void AVectorOfTheWrongLengthIsRefused()
    {
        using var net = Network("mlp relu ntk bias, 3 outputs");
        using var x = Inputs(4, 1);
        using var op = NtkOperator.Create(net, x);
        using var v = ones(5, dtype: float64);
        Assert.Throws<ArgumentException>(() => op.Apply(v));
    }
}

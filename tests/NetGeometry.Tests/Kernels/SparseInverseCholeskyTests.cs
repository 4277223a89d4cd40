using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using static NetGeometry.Tests.Kernels.KernelFixtures;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

public class SparseInverseCholeskyTests
{
    [Theory]
    [InlineData(NtkOutput.Traced)]
    [InlineData(NtkOutput.Full)]
    public void EntriesGramsAndDiagonalAreTheStoredKernels(NtkOutput output)
    {
        using var net = Network("mlp relu ntk bias, 3 outputs");
        using var x = Inputs(11, 4);
        using var kernel = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Method = NtkMethod.Jacobian, Output = output });
        using var op = NtkOperator.Create(net, x, new NtkOptions { Method = NtkMethod.Structured, Output = output, BlockRows = 4 });
        var entries = Assert.IsAssignableFrom<IKernelEntries>(op);
        long n = kernel.shape[0];
        using var rows = tensor(new long[] { n - 1, 0, 5, 5 });
        using var columns = tensor(new long[] { 2, n - 2, 0 });
        using var block = entries.Entries(rows, columns);
        using var expected = kernel.index_select(0, rows).index_select(1, columns);
        Assert.True(RelativeError(block, expected) < 1e-12, "entries");
        using var sets = tensor(new long[,] { { 3, 1, n - 1 }, { 0, 0, 7 } });
        using var grams = entries.Grams(sets);
        for (int b = 0; b < 2; b++)
        {
            using var set = sets[b];
            using var gram = grams[b];
            using var wanted = kernel.index_select(0, set).index_select(1, set);
            Assert.True(RelativeError(gram, wanted) < 1e-12, $"gram {b}");
        }
        using var diagonal = entries.Diagonal();
        using var wantedDiagonal = kernel.diagonal();
        Assert.True(RelativeError(diagonal, wantedDiagonal) < 1e-12, "diagonal");
    }

    [Theory]
    [InlineData(40, 10)]
    [InlineData(90, 40)]   // neighbourhoods of 180 rows, past the 128 where the batched LU solve failed (10,000 images)
    public void WithEveryLaterRowTheFactorIsTheExactInverse(int inputs, int width)
    {
        // Schäfer, Katzfuss & Owhadi 2021: when s_i holds every row after i, L L^T = Theta^-1 (the Cholesky factor of
        // the inverse in that order), so T Theta v = v. Two outputs: the kernel has 2 n rows, fewer than the parameters.
        using var net = new Mlp(InputDim, new[] { width }, 2, Activation.Tanh, Parameterization.Standard);
        net.Initialize(3);
        using var x = Inputs(inputs, 6);
        using var op = NtkOperator.Create(net, x, new NtkOptions { Method = NtkMethod.Structured, Output = NtkOutput.Full });
        using var kernel = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Method = NtkMethod.Jacobian, Output = NtkOutput.Full });
        using var factor = SparseInverseCholesky.Build((IKernelEntries)op, neighbours: (int)op.Dimension, seed: 3);
        using var g = Seeds.Generator(1);
        using var v = randn(op.Dimension, 2, generator: g, dtype: float64);
        using var product = kernel.mm(v);
        using var back = factor.Apply(product);
        Assert.True(RelativeError(back, v) < 1e-8, $"T Theta v against v: {RelativeError(back, v)}");
        using var column = v[.., 0];
        using var kernelColumn = kernel.mv(column);
        using var vectorBack = factor.Apply(kernelColumn);
        Assert.True(RelativeError(vectorBack, column) < 1e-8, "a vector goes through as a one-column block");
    }

    [Fact]
    public void NeighbourhoodsShrinkTheConditionNumber()
    {
        // The property the preconditioner is for: on a kernel whose bottom comes from near-duplicate inputs,
        // T^(1/2) Theta T^(1/2) (same spectrum as T Theta) is far better conditioned than Theta.
        using var net = Network("mlp relu ntk bias, 3 outputs");   // 219 parameters: the kernel of 70 inputs is invertible
        using var clean = Inputs(60, 8);
        using var g = Seeds.Generator(2);
        using var noise = randn(10, InputDim, generator: g, dtype: float64);
        using var near = clean.narrow(0, 0, 10).add(noise.mul(Held(1e-3)), Held(1));
        using var x = cat(new[] { clean, near }, 0);
        using var op = NtkOperator.Create(net, x, new NtkOptions { Method = NtkMethod.Structured });
        using var kernel = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Method = NtkMethod.Jacobian });
        using var factor = SparseInverseCholesky.Build((IKernelEntries)op, neighbours: 10, seed: 0);
        using var t = factor.Apply(eye(kernel.shape[0], dtype: float64));
        using var tk = t.mm(kernel);
        var preconditioned = linalg.eigvals(tk).real.data<double>().ToArray();
        var plain = linalg.eigvalsh(kernel).data<double>().ToArray();
        double before = plain[^1] / plain[0], after = preconditioned.Max() / preconditioned.Min();
        Assert.True(after < before / 100, $"condition number {before:G3} before, {after:G3} after");
    }
}

using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using static NetGeometry.Tests.Kernels.KernelFixtures;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

public class EmpiricalNtkTests
{
    private const double Agreement = 1e-10;

    [Theory]
    [MemberData(nameof(Families), MemberType = typeof(KernelFixtures))]
    public void AllMethodsAgreeTracedAndFullSymmetricAndCross(string family)
    {
        using var net = Network(family);
        using var x1 = Inputs(7, 1);
        using var x2 = Inputs(4, 2);
        bool dense = net.IsDenseOnly();
        foreach (var output in Enum.GetValues<NtkOutput>())
            foreach (var cross in new[] { false, true })
            {
                var b = cross ? x2 : null;
                using var reference = EmpiricalNtk.Compute(net, x1, b, new NtkOptions { Method = NtkMethod.Jacobian, Output = output });
                long rows = output == NtkOutput.Full ? net.OutputDim : 1;
                Assert.Equal(new[] { 7 * rows, (cross ? 4 : 7) * rows }, reference.shape);
                Assert.Equal(ScalarType.Float64, reference.dtype);
                using var auto = EmpiricalNtk.Compute(net, x1, b, new NtkOptions { Output = output });
                Assert.True(RelativeError(auto, reference) < Agreement, $"{family} {output} cross={cross}: auto vs jacobian {RelativeError(auto, reference)}");
                if (!dense) continue;
                // Blocks of 3 rows exercise the blocked forward passes and the blocked (and mirrored) kernel.
                foreach (var blockRows in new[] { 2048, 3 })
                {
                    using var structured = EmpiricalNtk.Compute(net, x1, b,
                        new NtkOptions { Method = NtkMethod.Structured, Output = output, BlockRows = blockRows });
                    double error = RelativeError(structured, reference);
                    Assert.True(error < Agreement, $"{family} {output} cross={cross} blocks of {blockRows}: structured vs jacobian {error}");
                }
            }
    }

    [Theory]
    [MemberData(nameof(Families), MemberType = typeof(KernelFixtures))]
    public void TheTracedKernelIsTheSumOfTheFullKernelsDiagonalOutputBlocks(string family)
    {
        using var net = Network(family);
        using var x = Inputs(6, 4);
        using var traced = EmpiricalNtk.Compute(net, x);
        using var full = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Output = NtkOutput.Full });
        long o = net.OutputDim;
        using var blocks = full.view(6, o, 6, o).diagonal(offset: 0, dim1: 1, dim2: 3).sum(2);
        Assert.True(RelativeError(blocks, traced) < 1e-13, $"traced vs diagonal blocks {RelativeError(blocks, traced)}");
        using var transposed = full.t();
        Assert.True(RelativeError(transposed, full) < 1e-14, $"symmetric up to round-off: {RelativeError(transposed, full)}");
    }

    [Fact]
    public void ATracedJacobianKernelOverItsMemoryBudgetIsSummedOneOutputAtATime()
    {
        using var net = Network("mlp relu ntk bias, 3 outputs");
        using var x1 = Inputs(5, 1);
        using var x2 = Inputs(4, 2);
        long p = net.TrainableParameters().Sum(t => t.numel());
        // Room for one output's rows (n p float64 numbers) but not for all three outputs' at once.
        var tight = new NtkOptions { Method = NtkMethod.Jacobian, MaxJacobianBytes = (5 + 4) * p * 8 };
        foreach (var b in new[] { null, x2 })
        {
            using var whole = EmpiricalNtk.Compute(net, x1, b, new NtkOptions { Method = NtkMethod.Jacobian });
            using var byOutput = EmpiricalNtk.Compute(net, x1, b, tight);
            Assert.True(RelativeError(byOutput, whole) < 1e-14, $"cross={b is not null}: {RelativeError(byOutput, whole)}");
        }
        Assert.Throws<InputException>(() => EmpiricalNtk.Compute(net, x1, x2, tight with { Output = NtkOutput.Full }));
    }

    [Theory]
    [MemberData(nameof(Families), MemberType = typeof(KernelFixtures))]
    public void PerLayerKernelsAddUpToTheWholeAndAgreeAcrossMethods(string family)
    {
        using var net = Network(family);
        using var x = Inputs(5, 6);
        using var whole = EmpiricalNtk.Compute(net, x);
        using var sum = zeros_like(whole);
        foreach (var layer in net.Layers.Where(l => l.Trainable))
        {
            using var jacobian = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Method = NtkMethod.Jacobian, Layers = new[] { layer.Name } });
            using var auto = EmpiricalNtk.Compute(net, x, options: new NtkOptions { Layers = new[] { layer.Name } });
            Assert.True(RelativeError(auto, jacobian) < Agreement, $"{family} layer {layer.Name}");
            sum.add_(auto, Held(1));
        }
        Assert.True(RelativeError(sum, whole) < 1e-12);
    }

    [Fact]
    public void TheTwoLayerReluKernelIsDuEtAlsGramMatrix()
    {
        // H_ij(0) = (x_i . x_j / m) sum_r 1{w_r . x_i >= 0, w_r . x_j >= 0} (Du et al. 2019): a fixed, a_r^2 = 1.
        using var net = new TwoLayerRelu(KernelFixtures.InputDim, 50);
        net.Initialize(9);
        using var x = UnitInputs(8, 3);
        using var ntk = EmpiricalNtk.Compute(net, x);
        using var active = x.mm(net.Hidden.Weight.detach().t()).gt(Held(0)).to(float64);
        using var gram = x.mm(x.t()).mul(active.mm(active.t())).div(Held(50));
        Assert.True(RelativeError(ntk, gram) < 1e-13);
    }

    [Fact]
    public void ANetworkIsFloat64Only()
    {
        var e = Assert.Throws<ArgumentException>(() => new Mlp(KernelFixtures.InputDim, new[] { 16 }, 1, dtype: ScalarType.Float32));
        Assert.Contains("float64", e.Message);
    }

    [Fact]
    public void SameSeedSameKernel()
    {
        using var a = Network("mlp relu ntk bias, 3 outputs", seed: 5);
        using var b = Network("mlp relu ntk bias, 3 outputs", seed: 5);
        using var x = Inputs(6, 7);
        using var ka = EmpiricalNtk.Compute(a, x);
        using var kb = EmpiricalNtk.Compute(b, x);
        Assert.True(TensorAssert.Same(ka, kb));
    }
}

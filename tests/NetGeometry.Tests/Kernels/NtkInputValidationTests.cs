using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using static NetGeometry.Tests.Kernels.KernelFixtures;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

/// <summary>
/// Bad input must end in a clear InputException raised before any autograd call: an error inside libtorch aborts the
/// whole process, so a test that reaches its assertion shows the check came first.
/// </summary>
public class NtkInputValidationTests
{
    private static void AssertRefused(string mention, Action call)
    {
        var e = Assert.Throws<InputException>(call);
        Assert.Contains(mention, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>Both entry points: the stored kernel and the operator.</summary>
    private static void AssertBothRefuse(string mention, INetwork net, Tensor x, Tensor? x2 = null, NtkOptions? options = null)
    {
        AssertRefused(mention, () => EmpiricalNtk.Compute(net, x, x2, options).Dispose());
        if (x2 is null) AssertRefused(mention, () => NtkOperator.Create(net, x, options).Dispose());
    }

    [Theory]
    [MemberData(nameof(Families), MemberType = typeof(KernelFixtures))]
    public void MismatchedEmptyOrNonFiniteInputsAreRefused(string family)
    {
        using var net = Network(family);
        using var wrongWidth = randn(4, InputDim + 1, dtype: float64);
        AssertBothRefuse("features", net, wrongWidth);
        using var empty = zeros(0, InputDim, dtype: float64);
        AssertBothRefuse("empty", net, empty);
        using var vector = zeros(InputDim, dtype: float64);
        AssertBothRefuse("matrix", net, vector);
        using var good = Inputs(3, 1);
        AssertBothRefuse("features", net, good, wrongWidth);
        AssertBothRefuse("empty", net, good, empty);
        using var nan = good.clone();
        nan[1, 2] = tensor(double.NaN);
        AssertBothRefuse("NaN", net, nan);
        using var integers = zeros(3, InputDim, dtype: int64);
        AssertBothRefuse("floating point", net, integers);
    }

    [Fact]
    public void UnknownFixedOrRepeatedLayersAreRefused()
    {
        using var net = new TwoLayerRelu(InputDim, 8);
        net.Initialize(1);
        using var x = Inputs(3, 1);
        AssertBothRefuse("no layer 'layer9'", net, x, options: new NtkOptions { Layers = new[] { "layer9" } });
        AssertBothRefuse("fixed", net, x, options: new NtkOptions { Layers = new[] { "output" } });
        AssertBothRefuse("twice", net, x, options: new NtkOptions { Layers = new[] { "hidden", "hidden" } });
        AssertBothRefuse("at least one layer", net, x, options: new NtkOptions { Layers = Array.Empty<string>() });
        AssertBothRefuse("block size", net, x, options: new NtkOptions { BlockRows = 0 });
    }

    [Fact]
    public void TheStructuredMethodIsRefusedForANetworkThatIsNotAllDense()
    {
        using var net = Network("gain network (not all dense), 2 outputs");
        using var x = Inputs(3, 1);
        AssertBothRefuse("dense layers only", net, x, options: new NtkOptions { Method = NtkMethod.Structured });
        Assert.Equal(NtkMethod.Jacobian, EmpiricalNtk.Resolve(net, NtkMethod.Auto));
    }

    [Fact]
    public void AJacobianTooLargeForItsMemoryBudgetIsRefused()
    {
        using var net = Network("mlp relu ntk bias, 3 outputs");
        using var x = Inputs(10, 1);
        AssertRefused("structured method", () => EmpiricalNtk.Compute(net, x, options: new NtkOptions { Method = NtkMethod.Jacobian, MaxJacobianBytes = 1000 }));
    }
}

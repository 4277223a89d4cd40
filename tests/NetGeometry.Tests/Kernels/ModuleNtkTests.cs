using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

/// <summary>
/// The NTK of any module goes one way: built-in networks are TorchSharp modules measured through their model, and the
/// structured identity is found by walking the module tree (nn.Linear and DenseLayer), for a user's module as for ours.
/// </summary>
public class ModuleNtkTests
{
    private static double RelativeError(Tensor a, Tensor b) => (a - b).norm().item<double>() / b.norm().item<double>();

    private static TorchSharp.Modules.Sequential FixtureMlp() => nn.Sequential(
        ("0", nn.Linear(10, 16)), ("1", nn.Tanh()), ("2", nn.Linear(16, 16)), ("3", nn.Tanh()), ("4", nn.Linear(16, 3)));

    [Fact]
    public void ABuiltInNetworksModelHasItsTrainableEntriesInOrder()
    {
        using var net = new TwoLayerRelu(5, 7);
        using var model = net.AsModel();
        Assert.Equal(net.TrainableEntries().Select(p => p.Key), model.Parameters.Select(p => p.Name));
        Assert.Equal(new[] { "hidden" }, model.Layers.Select(l => l.Name));
        using var cnn = new SmallCnn(64, new[] { 2 }, new[] { 5 }, 3);
        Assert.Equal(cnn.TrainableEntries().Select(p => p.Key), cnn.AsModel().Parameters.Select(p => p.Name));
    }

    [Fact]
    public void AStateDictLoadedIntoASequentialOfLinearLayersGivesPyTorchsNtkByTheStructuredMethod()
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture("mlp");
        var module = StateDictFile.LoadInto(FixtureMlp().to(ScalarType.Float64), fixture.StateDict);
        using var model = Model.FromModule(module);
        Assert.Equal(NtkMethod.Structured, EmpiricalNtk.Resolve(model, NtkMethod.Auto));
        var x = fixture.Inputs();
        var kernel = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Output = NtkOutput.Full });
        long o = 3;
        foreach (var (i, j, expected) in fixture.NtkEntries())
        {
            double value = kernel[i * o, j * o].item<double>();
            Assert.True(PyTorchFixture.Relative(value, expected) < 1e-8, $"Theta[{i},{j}] {value} vs PyTorch {expected}");
        }
        var jacobian = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Output = NtkOutput.Full, Method = NtkMethod.Jacobian });
        Assert.True(RelativeError(kernel, jacobian) < 1e-10);
    }

    [Fact]
    public void AStructuredNtkOperatorOnAUserModuleAgreesWithTheStoredKernel()
    {
        using var scope = NewDisposeScope();
        var module = FixtureMlp();
        using var model = Model.FromModule(module);
        using var g = Seeds.Generator(3);
        var x = randn(new long[] { 9, 10 }, generator: g, dtype: ScalarType.Float64);
        var v = randn(new long[] { 9 }, generator: g, dtype: ScalarType.Float64);
        var kernel = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Method = NtkMethod.Jacobian });
        using var op = NtkOperator.Create(model, x, new NtkOptions { Method = NtkMethod.Structured, BlockRows = 4 });
        Assert.True(RelativeError(op.Apply(v), kernel.mv(v)) < 1e-10);
    }

    /// <summary>A module that applies its one linear layer twice (weight sharing): the identity does not hold.</summary>
    private sealed class Twice : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear layer = nn.Linear(4, 4);

        public Twice() : base("twice") => RegisterComponents();

        public override Tensor forward(Tensor x) => layer.call(layer.call(x).tanh()).sum(1, keepdim: true);
    }

    [Fact]
    public void ALinearLayerAppliedTwiceFallsBackToTheJacobianUnderAutoAndIsRefusedAsStructured()
    {
        using var scope = NewDisposeScope();
        using var model = Model.FromModule(new Twice());
        using var g = Seeds.Generator(4);
        var x = randn(new long[] { 5, 4 }, generator: g, dtype: ScalarType.Float64);
        var auto = EmpiricalNtk.Compute(model, x);
        var jacobian = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Method = NtkMethod.Jacobian });
        Assert.True(RelativeError(auto, jacobian) < 1e-12);
        var e = Assert.Throws<InputException>(() => EmpiricalNtk.Compute(model, x, options: new NtkOptions { Method = NtkMethod.Structured }));
        Assert.Contains("ran 2 times", e.Message);
    }

    [Fact]
    public void ImagesGoThroughAConvolutionalModuleByTheJacobianMethod()
    {
        using var scope = NewDisposeScope();
        var module = nn.Sequential(("0", nn.Conv2d(1, 2, 3)), ("1", nn.ReLU()), ("2", nn.Flatten()), ("3", nn.Linear(8, 2)));
        using var model = Model.FromModule(module);
        Assert.Equal(NtkMethod.Jacobian, EmpiricalNtk.Resolve(model, NtkMethod.Auto));
        using var g = Seeds.Generator(5);
        var x = randn(new long[] { 4, 1, 4, 4 }, generator: g, dtype: ScalarType.Float64);
        var kernel = EmpiricalNtk.Compute(model, x);
        // The last layer alone is linear on rows: its per-layer kernel by the structured identity equals the Jacobian one.
        var last = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Layers = new[] { "3" }, Method = NtkMethod.Structured });
        var lastJacobian = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Layers = new[] { "3" }, Method = NtkMethod.Jacobian });
        Assert.True(RelativeError(last, lastJacobian) < 1e-10);
        var first = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Layers = new[] { "0" } });
        Assert.True(RelativeError(first.add(last, Held(1)), kernel) < 1e-10);
    }
}

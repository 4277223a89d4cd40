using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Networks;

public class NetworkStructureTests
{
    [Fact]
    public void TwoLayerReluMatchesDuEtAlFormula()
    {
        const int m = 64, d = 4;
        using var net = new TwoLayerRelu(d, m);
        net.Initialize(3);
        using var g = Seeds.Generator(5);
        using var x = randn(10, d, generator: g, dtype: float64);
        using var f = net.Forward(x);
        // f(x) = (1/sqrt(m)) sum_r a_r relu(w_r . x)   (Du et al. 2019, eq. 1)
        using var a = net.Output.Weight.detach().reshape(m);
        using var expected = nn.functional.relu(x.matmul(net.Hidden.Weight.detach().t())).matmul(a).div(Held(Math.Sqrt(m)));
        Assert.True(f.reshape(10).allclose(expected, rtol: 1e-13, atol: 1e-13));
        Assert.True(a.abs().eq(Held(1.0)).all().item<bool>(), "a_r must be +-1");
        Assert.False(net.Output.Trainable);
        Assert.Single(net.TrainableParameters());
    }

    [Fact]
    public void SameSeedSameParametersDifferentSeedDifferent()
    {
        var spec = new NetworkSpec { Model = "mlp", Widths = new[] { 16 }, Depth = 3 };
        using var a = spec.Build(7, 2); using var b = spec.Build(7, 2); using var c = spec.Build(7, 2);
        a.Initialize(42); b.Initialize(42); c.Initialize(43);
        foreach (var (p, q, r) in a.AllParameters().Zip(b.AllParameters(), c.AllParameters()))
        {
            Assert.True(TensorAssert.Same(p.Value, q.Value), p.Key);
            if (p.Name == "weight") Assert.False(TensorAssert.Same(p.Value, r.Value), p.Key);
        }
    }

    [Fact]
    public void SnapshotRestoreRoundTripsExactly()
    {
        using var net = new ResidualMlp(5, 8, 3, 2);
        net.Initialize(1);
        using var before = net.Snapshot();
        net.Initialize(2);
        Assert.False(TensorAssert.Same(before["block1.weight"], net.Layer("block1").Parameters[0].Value));
        net.Restore(before);
        foreach (var p in net.AllParameters()) Assert.True(TensorAssert.Same(p.Value, before[p.Key]), p.Key);
    }

    [Fact]
    public void ReinitializingOneLayerWithItsSeedRestoresItExactlyAndLeavesOthers()
    {
        using var net = new Mlp(5, new[] { 8, 8 }, 2);
        net.Initialize(9);
        using var initial = net.Snapshot();
        net.Initialize(10);
        using var moved = net.Snapshot();
        using (var g = NetGeometry.Engine.Seeds.Generator(NetworkBase.LayerSeed(9, "layer2"))) net.Layer("layer2").Initialize(g);
        foreach (var p in net.AllParameters())
            Assert.True(TensorAssert.Same(p.Value, p.Layer == "layer2" ? initial[p.Key] : moved[p.Key]), p.Key);
    }

    [Fact]
    public void ForwardTraceKeepsEveryDenseLayersInputAndPreActivation()
    {
        using var net = new Mlp(4, new[] { 6, 5 }, 3, Activation.Tanh, Parameterization.Ntk);
        net.Initialize(0);
        using var x = randn(7, 4, dtype: float64);
        var trace = new ForwardTrace();
        using var f = net.Forward(x, trace);
        Assert.Equal(new[] { "layer1", "layer2", "layer3" }, trace.Records.Select(r => r.Layer.Name));
        Assert.True(TensorAssert.Same(trace.Records[0].Input, x));
        Assert.True(trace.Records[1].Input.allclose(trace.Records[0].PreActivation.tanh()));
        Assert.True(TensorAssert.Same(trace.Records[2].PreActivation, f));
    }

    [Fact]
    public void NtkParameterizationScalesByFanIn()
    {
        using var net = new Mlp(100, new[] { 50 }, 1, Activation.Identity, Parameterization.Ntk, bias: false);
        var first = (DenseLayer)net.Layers[0];
        Assert.Equal(1.0 / 10.0, first.WeightMultiplier, 15);
        Assert.Equal(1.0, first.InitStd);
    }

    [Theory]
    [InlineData("mlp", new[] { -4 }, "network.widths")]
    [InlineData("transformer", new[] { 4 }, "unknown model")]
    [InlineData("cnn", new[] { 4 }, "square one-channel images")]
    [InlineData("two-layer-relu", new[] { 4, 4 }, "one width")]
    public void BadSpecsGetOneLineInputErrors(string model, int[] widths, string mention)
    {
        var error = Assert.Throws<InputException>(() => new NetworkSpec { Model = model, Widths = widths }.Build(3, 1));
        Assert.Contains(mention, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}

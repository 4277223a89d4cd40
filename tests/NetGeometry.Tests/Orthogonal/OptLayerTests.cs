using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Orthogonal;

public class OptLayerTests
{
    public static TheoryData<string> Methods => new() { "gs", "hr", "ls", "cp", "exp", "ns", "ogd", "or" };

    private static Tensor Gaussian(long rows, long columns, long seed)
    {
        using var g = Seeds.Generator(seed);
        return randn(rows, columns, generator: g, dtype: float64);
    }

    /// <summary>Moves every R of a network to a random point, so that Q is far from I.</summary>
    private static void Scramble(INetwork net, long seed)
    {
        using var _ = no_grad();
        foreach (var layer in net.Layers.OfType<OptLayer>())
        {
            using var noise = Gaussian(layer.R.shape[0], layer.R.shape[1], seed++);
            layer.R.add_(noise.mul_(Held(0.3)), Held(1));
        }
    }

    [Theory, MemberData(nameof(Methods))]
    public void AnOptMlpStartsAsTheStandardMlpDrawnFromTheSameSeed(string method)
    {
        using var standard = new NetworkSpec { Model = "mlp", Widths = [16, 12] }.Build(7, 3);
        using var opt = new NetworkSpec { Model = "mlp", Widths = [16, 12], Opt = method }.Build(7, 3);
        standard.Initialize(5); opt.Initialize(5);
        Assert.Equal(["layer1", "layer2"], opt.Layers.OfType<OptDenseLayer>().Select(l => l.Name));
        Assert.IsType<DenseLayer>(opt.Layers[2]); // the output layer stays standard by default
        using var x = Gaussian(9, 7, 6);
        using var a = standard.Forward(x);
        using var b = opt.Forward(x);
        Assert.True(TensorAssert.Same(a, b), $"{method}: W = V Q(R0)^T = V at initialization");
    }

    [Fact]
    public void AnOptLayerComputesWithItsNeuronsTurnedByQAndKeepsTheirEnergy()
    {
        var layer = new OptDenseLayer("hidden", 6, 10, bias: true, new DenseScaling(0.5, 1.0, 0.1, 1.0), new Cayley());
        using var g = Seeds.Generator(1);
        layer.Initialize(g);
        using (no_grad()) layer.R.copy_(Gaussian(6, 6, 2));
        using var scope = NewDisposeScope();
        var q = layer.Q();
        Assert.True(Orthogonality.Error(q) < 1e-12);
        var u = Gaussian(4, 6, 3);
        var expected = u.matmul(layer.V.matmul(q.t()).t()).mul(Held(0.5)).add(layer.Bias!.mul(Held(0.1)), Held(1));
        Assert.True(layer.call(u).allclose(expected, rtol: 1e-13, atol: 1e-13));
        var before = HypersphericalEnergy.Compute(layer.V, EnergyVariant.Recorded);
        var after = HypersphericalEnergy.Compute(layer.Neurons(), EnergyVariant.Recorded);
        foreach (var (b, a) in before.Zip(after)) Assert.Equal(1.0, a.Sum / b.Sum, 12);
        Assert.Equal(["r", "bias", "v"], layer.Parameters.Select(p => p.Name));
        Assert.Equal([true, true, false], layer.Parameters.Select(p => p.Trainable));
        layer.Dispose();
    }

    [Theory]
    [InlineData("mlp", "cp")]
    [InlineData("mlp", "gs")]
    [InlineData("cnn", "exp")]
    public void SoptFoldBackLeavesTheFunctionUnchangedAndDrawsANewSubset(string model, string method)
    {
        var spec = new NetworkSpec { Model = model, Widths = [12], Channels = model == "cnn" ? [4, 6] : null, Opt = method, SoptFraction = 0.3 };
        int inputs = model == "cnn" ? 64 : 20;
        using var net = spec.Build(inputs, 3);
        net.Initialize(7);
        Scramble(net, 8);
        using var x = Gaussian(5, inputs, 9);
        using var before = net.Forward(x);
        var layers = net.Layers.OfType<OptLayer>().ToList();
        Assert.NotEmpty(layers);
        var subsets = layers.Select(l => l.Subset!.clone()).ToList();
        var energies = NetworkEnergy.PerLayer(net, EnergyVariant.Recorded);
        using (var g = Seeds.Generator(10))
            foreach (var layer in layers) layer.FoldBack(g);
        using var after = net.Forward(x);
        Assert.True(after.allclose(before, rtol: 1e-13, atol: 1e-13), $"max change {after.sub(before).abs().max().item<double>():E2}");
        foreach (var (layer, subset) in layers.Zip(subsets))
        {
            using var q = layer.Q();
            Assert.True(TensorAssert.Same(q, eye(layer.R.shape[0], dtype: float64)), $"{layer.Name}: R is reset to Q = I");
            Assert.Equal(StochasticOpt.SubsetSize(layer.FanIn, 0.3), layer.Subset!.shape[0]);
            Assert.False(TensorAssert.Same(subset, layer.Subset), $"{layer.Name}: a new subset of coordinates");
            subset.Dispose();
        }
        foreach (var (b, a) in energies.Zip(NetworkEnergy.PerLayer(net, EnergyVariant.Recorded)))
            Assert.Equal(1.0, a.Values[1].Sum / b.Values[1].Sum, 12);
    }

    [Fact]
    public void ASnapshotRestoresAnSoptNetworkExactlyIncludingVAndTheSubset()
    {
        var spec = new NetworkSpec { Model = "mlp", Widths = [10], Opt = "hr", SoptFraction = 0.5 };
        using var net = spec.Build(8, 2);
        using var copy = spec.Build(8, 2);
        net.Initialize(1); copy.Initialize(2);
        Scramble(net, 3);
        using (var g = Seeds.Generator(4)) ((OptLayer)net.Layers[0]).FoldBack(g);
        Scramble(net, 5);
        using var snapshot = net.Snapshot();
        Assert.Contains(snapshot.Entries, e => e.Key == "layer1.subset");
        copy.Restore(snapshot);
        using var x = Gaussian(3, 8, 6);
        using var a = net.Forward(x);
        using var b = copy.Forward(x);
        Assert.True(TensorAssert.Same(a, b));
        Assert.DoesNotContain(((OptLayer)net.Layers[0]).V, net.TrainableParameters());
        Assert.Contains(((OptLayer)net.Layers[0]).R, net.TrainableParameters());
    }

    [Theory]
    [InlineData("residual-mlp", "cp", null, null, "network.opt applies to network.model mlp or cnn")]
    [InlineData("mlp", "qr", null, null, "unknown OPT method 'qr'")]
    [InlineData("mlp", "cp", "layer1,conv1", null, "no weight layer conv1 in this network; its weight layers are layer1, layer2")]
    [InlineData("mlp", "cp", null, 1.0, "network.soptFraction must lie strictly between 0 and 1")]
    [InlineData("mlp", null, "layer1", null, "need network.opt METHOD")]
    public void BadOptSpecsAreOneLineInputErrors(string model, string? opt, string? layers, double? fraction, string mention)
    {
        var spec = new NetworkSpec { Model = model, Widths = [4], Opt = opt, OptLayers = layers?.Split(','), SoptFraction = fraction };
        var error = Assert.Throws<InputException>(() => spec.Build(3, 2));
        Assert.Contains(mention, error.Message);
    }
}

using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Sensitivity;
using NetGeometry.Tests.Models;
using NetGeometry.Tests.Training;
using NetGeometry.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Sensitivity;

/// <summary>
/// Zhang, Bengio &amp; Singer's robustness measured on a <see cref="Model"/>: a user's Sequential, a built-in network
/// through <see cref="NetworkExtensions.AsModel"/> and a TorchScript file, each checked against a computation by hand.
/// </summary>
public class ModelSensitivityTests
{
    /// <summary>A user's 4-8-1 tanh MLP as PyTorch would write it (float32 until a Model makes it float64).</summary>
    private static nn.Module<Tensor, Tensor> UserMlp() => nn.Sequential(("0", nn.Linear(4, 8)), ("1", nn.Tanh()), ("2", nn.Linear(8, 1)));

    /// <summary>The square loss of <paramref name="net"/> on the data, computed directly: (1/2n) sum_i (f(x_i) - y_i)^2.</summary>
    private static double SquareLoss(nn.Module<Tensor, Tensor> net, Dataset data)
    {
        using var _ = no_grad();
        using var f = net.call(data.Inputs);
        return f.sub(data.Targets).pow(Held(2)).sum().item<double>() / (2.0 * data.Count);
    }

    /// <summary>A float64 copy of <paramref name="source"/>'s architecture and values, with <paramref name="layer"/>'s
    /// weight and bias then set to <paramref name="weight"/> and <paramref name="bias"/>.</summary>
    private static nn.Module<Tensor, Tensor> ByHand(nn.Module<Tensor, Tensor> source, string layer, Tensor weight, Tensor bias)
    {
        var copy = UserMlp();
        copy.to(ScalarType.Float64);
        using var _ = no_grad();
        var values = source.state_dict();
        foreach (var (name, value) in copy.state_dict()) value.copy_(values[name]);
        copy.state_dict()[$"{layer}.weight"].copy_(weight);
        copy.state_dict()[$"{layer}.bias"].copy_(bias);
        return copy;
    }

    private static IReadOnlyDictionary<string, Tensor> Copy(nn.Module module)
    {
        using var _ = no_grad();
        return ModuleState.Of(module).ToDictionary(e => e.Key, e => e.Value.detach().clone());
    }

    private static void AssertSameState(IReadOnlyDictionary<string, Tensor> before, nn.Module module)
    {
        var after = ModuleState.Of(module);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, e => Assert.True(TensorAssert.Same(e.Value, after[e.Key]), e.Key));
    }

    [Fact]
    public void ReinitializingAUserLayerEqualsSettingItByHandAndRestoresEveryTensorExactly()
    {
        using var split = TrainingData.SphereRegression(40, 4, 3);
        var net = UserMlp();
        using var model = Model.FromModule(net);
        var earlier = UserMlp();
        earlier.to(ScalarType.Float64);
        using var checkpoint = new CheckpointState(7, Copy(earlier));
        var data = SensitivityData.Of(split.Train, LossKind.Square);
        var before = Copy(net);

        var errors = ReinitializationRobustness.Measure(model, data, [checkpoint]);

        Assert.Equal(["0", "2"], model.Layers.Select(l => l.Name));
        for (int l = 0; l < 2; l++)
        {
            string layer = model.Layers[l].Name;
            using var hand = ByHand(net, layer, checkpoint.State[$"{layer}.weight"], checkpoint.State[$"{layer}.bias"]);
            double expected = SquareLoss(hand, split.Train);
            Assert.Equal(expected, errors[l, 0], 1e-12 * expected);
            Assert.NotEqual(SquareLoss(net, split.Train), errors[l, 0]);
        }
        AssertSameState(before, net);
    }

    [Fact]
    public void RerandomizingAUserLinearLayerIsAPyTorchDefaultDrawFromTheDrawsSeed()
    {
        using var split = TrainingData.SphereRegression(40, 4, 3);
        var net = UserMlp();
        using var model = Model.FromModule(net);
        var data = SensitivityData.Of(split.Train, LossKind.Square);
        var before = Copy(net);

        var errors = RerandomizationRobustness.Measure(model, data, seed: 4, draws: 2);

        AssertSameState(before, net);
        for (int l = 0; l < 2; l++)
            for (int k = 0; k < 2; k++)
            {
                string layer = model.Layers[l].Name;
                long fanIn = l == 0 ? 4 : 8, outputs = l == 0 ? 8 : 1;
                double bound = 1 / Math.Sqrt(fanIn);   // kaiming_uniform_(a = sqrt(5)) and the bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
                using var g = Seeds.Generator(RerandomizationRobustness.DrawSeed(4, layer, k));
                using var weight = rand([outputs, fanIn], generator: g, dtype: float64).mul(Held(2 * bound)).sub(Held(bound));
                using var bias = rand([outputs], generator: g, dtype: float64).mul(Held(2 * bound)).sub(Held(bound));
                using var hand = ByHand(net, layer, weight, bias);
                double expected = SquareLoss(hand, split.Train);
                Assert.Equal(expected, errors[l, k], 1e-12 * expected);
            }
        Assert.NotEqual(errors[0, 0], errors[0, 1]);
    }

    [Fact]
    public void PyTorchDefaultDrawsHaveTheBoundAndVarianceOfTorchsOwnLinearInitializer()
    {
        foreach (var shape in new long[][] { [400, 50], [16, 3, 5, 5] })
        {
            long fanIn = PyTorchDefaultInit.FanIn(shape);
            Assert.Equal(shape.Length == 2 ? 50 : 75, fanIn);
            double bound = PyTorchDefaultInit.Bound(fanIn);
            using var weight = zeros(shape, dtype: float64);
            using var bias = zeros(shape[0], dtype: float64);
            using var g = Seeds.Generator(11);
            PyTorchDefaultInit.Draw(weight, bias, g);
            Assert.True(weight.abs().max().item<double>() <= bound);
            Assert.True(weight.abs().max().item<double>() > 0.98 * bound, "the draws reach close to the bound");
            Assert.True(bias.abs().max().item<double>() <= bound);
            // U(-b, b) has variance b^2 / 3; 20,000 and 1,200 draws put the sample variance within a few percent of it.
            Assert.Equal(bound * bound / 3, weight.var().item<double>(), 0.06 * bound * bound / 3);
        }
        // TorchSharp's nn.Linear is initialized as PyTorch's (kaiming_uniform_ with a = sqrt(5)): the same bound and variance.
        using var linear = nn.Linear(50, 400);
        using var torchWeight = linear.weight!.detach().to(ScalarType.Float64);
        double b = PyTorchDefaultInit.Bound(50);
        Assert.True(torchWeight.abs().max().item<double>() <= b * (1 + 1e-6));
        Assert.Equal(b * b / 3, torchWeight.var().item<double>(), 0.06 * b * b / 3);
    }

    [Fact]
    public void ALayerKindIsToldFromItsStateAndAnUnknownKindIsAnInputErrorNamingTheLayer()
    {
        Assert.Equal("linear", PyTorchDefaultInit.Kind([("weight", [8, 4]), ("bias", [8])]));
        Assert.Equal("convolution", PyTorchDefaultInit.Kind([("weight", [4, 1, 3, 3])]));
        Assert.Null(PyTorchDefaultInit.Kind([("weight", [8, 4]), ("bias", [4])]));
        Assert.Null(PyTorchDefaultInit.Kind([("weight", [8]), ("bias", [8]), ("running_mean", [8])]));

        using var split = TrainingData.SphereRegression(40, 4, 3);
        var net = nn.Sequential(("0", nn.Linear(4, 8)), ("1", nn.BatchNorm1d(8)), ("2", nn.Linear(8, 1)));
        using var model = Model.FromModule(net);
        var data = SensitivityData.Of(split.Train, LossKind.Square);
        var error = Assert.Throws<InputException>(() => RerandomizationRobustness.Measure(model, data, seed: 1, draws: 1));
        Assert.Contains("layer '1'", error.Message);
        Assert.Contains("running_mean [8]", error.Message);

        // Re-initialization sets the batch norm's whole state, running statistics too, and puts it back exactly.
        var before = Copy(net);
        using var checkpoint = new CheckpointState(0, Copy(net));
        using (no_grad()) checkpoint.State["1.running_mean"].add_(Held(1.0), Held(1));
        var errors = ReinitializationRobustness.Measure(model, data, [checkpoint]);
        Assert.Equal(SensitivityError.Of(model, data), errors[0, 0]);
        Assert.NotEqual(errors[0, 0], errors[1, 0]);
        AssertSameState(before, net);
    }

    [Fact]
    public void ATrainedBuiltInNetworkThroughTheModelPathGivesTheTableOfItsOwnLayersAndInitializers()
    {
        var (network, split, recorder) = SensitivityTests.Trained();
        using var _ = network; using var __ = split; using var ___ = recorder;
        AssertTableOfOwnLayers(network, SensitivityData.Of(split.Test!, LossKind.CrossEntropy), recorder.Checkpoints);
    }

    /// <summary>Families with batch norm (its running statistics are layer state), OPT layers with S-OPT subsets (a
    /// frozen V and subsets as buffers) and residual blocks: the same agreement, at initialization and a second draw.</summary>
    [Theory]
    [InlineData("cnn")]
    [InlineData("sopt-mlp")]
    [InlineData("residual-mlp")]
    public void EveryBuiltInFamilyThroughTheModelPathGivesTheTableOfItsOwnLayersAndInitializers(string family)
    {
        var spec = family switch
        {
            "cnn" => new NetworkSpec { Model = "cnn", Channels = [4], Widths = [] },
            "sopt-mlp" => new NetworkSpec { Model = "mlp", Widths = [10, 10], Opt = "hr", SoptFraction = 0.5 },
            _ => new NetworkSpec { Model = "residual-mlp", Widths = [8], Depth = 2 },
        };
        using var split = TrainingData.Blobs(60, 64, 4);
        using var network = spec.Build(64, 3);
        network.Initialize(6);
        using var earlier = network.Snapshot();
        // Initialization sets batch norm's running statistics to 0 and 1 whatever the seed; training moves them.
        if (family == "cnn") earlier["bn1.running_mean"].add_(Held(0.5), Held(1));
        network.Initialize(5);
        // Without labels the error is the square loss against the one-hot rows: a continuous value, which every bit of
        // every layer's state moves.
        using var test = new Dataset("blobs", split.Test!.Inputs, split.Test.Targets, "test");
        AssertTableOfOwnLayers(network, SensitivityData.Of(test, LossKind.Square), [(0, earlier)]);
    }

    /// <summary>
    /// The Model path's table of a built-in network against the network's own API by hand, as sensitivity was measured
    /// before it took a Model: set a layer's NamedParameters (buffers included) from the checkpoint, or draw it by
    /// <see cref="Layer.Initialize"/> from the draw's seed, evaluate, restore. Equal to the last bit.
    /// </summary>
    private static void AssertTableOfOwnLayers(INetwork network, SensitivityData data, IReadOnlyList<(long Step, ParameterSnapshot Snapshot)> checkpoints)
    {
        using var model = network.AsModel();
        var states = checkpoints.Select(c => CheckpointState.FromSnapshot(c.Step, c.Snapshot)).ToList();
        var table = SensitivityAnalysis.Measure(model, data, states, new SensitivityOptions { Draws = 2, Seed = 3 }, "the test set");

        double Error()
        {
            using var outputs = Evaluation.Outputs(network, data.Data);
            return Evaluation.AccuracyOf(outputs, data.Data) is { } accuracy ? 1 - accuracy : Evaluation.LossOf(data.Loss, outputs, data.Data);
        }
        using var final = network.Snapshot();
        var layers = network.Layers.Where(l => l.Trainable).ToList();
        Assert.Equal(layers.Select(l => l.Name), table.Layers);
        Assert.Equal(Error(), table.Baseline);
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            for (int c = 0; c < checkpoints.Count; c++)
            {
                using (no_grad())
                    foreach (var p in layer.Parameters) p.Value.copy_(checkpoints[c].Snapshot[p.Key]);
                Assert.Equal(Error(), table.Reinitialized[l, c]);
                network.Restore(final);
            }
            for (int k = 0; k < 2; k++)
            {
                using (var g = Seeds.Generator(RerandomizationRobustness.DrawSeed(3, layer.Name, k))) layer.Initialize(g);
                Assert.Equal(Error(), table.Rerandomized[l, k]);
                network.Restore(final);
            }
        }
        using var after = network.Snapshot();
        Assert.All(final.Entries, e => Assert.True(TensorAssert.Same(e.Value, after[e.Key]), e.Key));
    }

    [Fact]
    public void AFrozenLayerIsNotARow()
    {
        using var split = TrainingData.SphereRegression(30, 4, 2);
        using var network = new NetworkSpec { Model = "two-layer-relu", Widths = [16] }.Build(4, 1);
        network.Initialize(1);
        Assert.Contains(network.Layers, l => !l.Trainable);
        using var model = network.AsModel();
        using var initial = network.Snapshot();
        var table = SensitivityAnalysis.Measure(model, SensitivityData.Of(split.Train, LossKind.Square),
            [CheckpointState.FromSnapshot(0, initial)], new SensitivityOptions { Draws = 1 }, "the training set");
        Assert.Equal(["hidden"], table.Layers);
        Assert.Equal(table.Baseline, table.Reinitialized[0, 0]);
    }

    [Fact]
    public void ATorchScriptModelIsMeasuredAndRestoredAndACheckpointOfAnotherModelIsNamed()
    {
        var fixture = new PyTorchFixture("cnn");
        using var model = TorchScriptFile.Load(fixture.TorchScript);
        using var inputs = fixture.Inputs();
        using var labels = fixture.Targets("cross-entropy");
        using var dataset = new Dataset("cnn", inputs.reshape(inputs.shape[0], -1), nn.functional.one_hot(labels, 3).to(ScalarType.Float64), "fixture", labels, 3);
        var data = new SensitivityData(dataset, inputs, LossKind.CrossEntropy);
        var before = Copy(model.Module);
        using var same = CheckpointState.FromTorchScript(4, fixture.TorchScript, model);

        var table = SensitivityAnalysis.Measure(model, data, [same], new SensitivityOptions { Draws = 2, Seed = 5 }, "the fixture");

        Assert.Equal(["0", "4", "6"], table.Layers);
        Assert.Equal([4L], table.CheckpointSteps);
        for (int l = 0; l < 3; l++) Assert.Equal(table.Baseline, table.Reinitialized[l, 0]);
        AssertSameState(before, model.Module);
        var error = Assert.Throws<InputException>(() => CheckpointState.FromTorchScript(5, PyTorchFixture.PathOf("mlp.pt"), model));
        Assert.Equal($"'0.weight' has shape [16, 10] in the checkpoint '{PyTorchFixture.PathOf("mlp.pt")}' (step 5) but [4, 1, 3, 3] in the module.", error.Message);
    }
}

using NetGeometry.Engine;
using NetGeometry.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static NetGeometry.Tests.Models.PyTorchFixture;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Models;

/// <summary>Loading PyTorch's files (TorchScript, state dicts, safetensors), selecting parameters, and the one-line errors.</summary>
public class ModelLoadingTests
{
    /// <summary>The fixture CNN's architecture written in TorchSharp, its layers named as PyTorch's Sequential names them.</summary>
    private static TorchSharp.Modules.Sequential Cnn(long hidden = 8, string convName = "0") => nn.Sequential(
        (convName, nn.Conv2d(1, 4, 3)), ("1", nn.ReLU()), ("2", nn.MaxPool2d(2)), ("3", nn.Flatten()),
        ("4", nn.Linear(36, hidden)), ("5", nn.Tanh()), ("6", nn.Linear(hidden, 3)));

    private static TorchSharp.Modules.Sequential Mlp() => nn.Sequential(
        ("0", nn.Linear(10, 16)), ("1", nn.Tanh()), ("2", nn.Linear(16, 16)), ("3", nn.Tanh()), ("4", nn.Linear(16, 3)));

    private static double Loss(Model model, PyTorchFixture fixture, string loss) =>
        ModelObjective.Loss(model, ModelLoss.Parse(loss), fixture.Batches(loss, 4));

    [Theory]
    [InlineData("cnn", "cross-entropy")]
    [InlineData("mlp", "square")]
    public void AStateDictLoadedIntoATorchSharpModuleGivesTheTorchScriptModelsLoss(string name, string loss)
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture(name);
        using var module = (name == "cnn" ? Cnn() : Mlp()).to(ScalarType.Float64);
        StateDictFile.LoadInto(module, fixture.StateDict);
        using var model = Model.FromModule(module);
        using var scripted = TorchScriptFile.Load(fixture.TorchScript);
        double expected = fixture.Value(loss, "loss");
        Assert.True(Relative(Loss(model, fixture, loss), expected) < 1e-12);
        Assert.True(Relative(Loss(scripted, fixture, loss), expected) < 1e-12);
        Assert.Equal(scripted.Parameters.Select(p => p.Name), model.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void AFloat32ModuleIsMeasuredInFloat64()
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture("mlp");
        using var scripted = TorchScriptFile.Load(PathOf("mlp.float32.pt"));
        Assert.All(scripted.Parameters, p => Assert.Equal(ScalarType.Float64, p.Value.dtype));
        Assert.True(Relative(Loss(scripted, fixture, "square"), fixture.Value("square", "loss")) < 1e-6);
        // A float32 TorchSharp module: loaded from the float64 file, its weights are rounded to float32, then widened.
        using var module = Mlp();
        StateDictFile.LoadInto(module, fixture.StateDict);
        using var model = Model.FromModule(module);
        Assert.All(model.Parameters, p => Assert.Equal(ScalarType.Float64, p.Value.dtype));
        Assert.True(Relative(Loss(model, fixture, "square"), fixture.Value("square", "loss")) < 1e-6);
    }

    [Fact]
    public void ASafetensorsFileRoundTrips()
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture("cnn");
        using var source = Cnn().to(ScalarType.Float64);
        StateDictFile.LoadInto(source, fixture.StateDict);
        var path = Path.Combine(Path.GetTempPath(), $"netgeo-{Guid.NewGuid():N}.safetensors");
        try
        {
            source.save_safetensors(path);
            using var module = StateDictFile.LoadInto(Cnn().to(ScalarType.Float64), path);
            using var model = Model.FromModule(module);
            Assert.True(Relative(Loss(model, fixture, "square"), fixture.Value("square", "loss")) < 1e-12);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AStateDictWithAWrongShapeNamesTheFirstParameterThatDoesNotFit()
    {
        using var module = Cnn(hidden: 9);
        var error = Assert.Throws<InputException>(() => StateDictFile.LoadInto(module, new PyTorchFixture("cnn").StateDict));
        Assert.Contains("'4.weight' has shape [8, 36]", error.Message);
        Assert.Contains("[9, 36] in the module", error.Message);
    }

    [Fact]
    public void AStateDictWithAnotherNameNamesTheMissingParameter()
    {
        using var module = Cnn(convName: "conv");
        var error = Assert.Throws<InputException>(() => StateDictFile.LoadInto(module, new PyTorchFixture("cnn").StateDict));
        Assert.Contains("has no 'conv.weight'", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void FilesThatDoNotLoadAreOneInputExceptionLine()
    {
        string garbage = PathOf("garbage.pt"), missing = PathOf("no-such-model.pt");
        foreach (var load in new Func<string, object>[] { p => TorchScriptFile.Load(p), p => StateDictFile.LoadInto(Mlp(), p) })
        {
            foreach (var path in new[] { garbage, missing })
            {
                var error = Assert.Throws<InputException>(() => load(path));
                Assert.Contains(path, error.Message);
                Assert.DoesNotContain('\n', error.Message);
            }
        }
        // A TorchScript archive is not a state dict.
        Assert.Throws<InputException>(() => StateDictFile.LoadInto(Mlp(), PathOf("mlp.pt")));
    }

    [Fact]
    public void LayersAreTheModulesOwningParametersAndASelectionMeasuresASubset()
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture("cnn");
        using var all = TorchScriptFile.Load(fixture.TorchScript);
        Assert.Equal(new[] { "0", "4", "6" }, all.Layers.Select(l => l.Name));
        Assert.Equal((40L, 296L), (all.Layer("4").Offset, all.Layer("4").Length));

        using var subset = TorchScriptFile.Load(fixture.TorchScript, ["4", "6.bias"]);
        Assert.Equal(new[] { "4.weight", "4.bias", "6.bias" }, subset.Parameters.Select(p => p.Name));
        var batches = fixture.Batches("square", 6);
        var full = ModelObjective.Gradient(all, ModelLoss.Square, batches);
        var part = ModelObjective.Gradient(subset, ModelLoss.Square, batches);
        var expected = cat(new[] { full.narrow(0, 40, 296), full.narrow(0, all.Dimension - 3, 3) }, 0);
        Assert.True(Relative(part, expected) < 1e-14);

        var error = Assert.Throws<InputException>(() => TorchScriptFile.Load(fixture.TorchScript, ["5"]));
        Assert.Contains("no parameter or layer '5'", error.Message);
        Assert.Contains("0.weight, 0.bias, 4.weight, 4.bias, 6.weight, 6.bias", error.Message);
        Assert.Throws<InputException>(() => all.Layer("5"));
    }

    [Fact]
    public void InputsTheModelCannotTakeAreAnInputException()
    {
        using var scope = NewDisposeScope();
        using var model = TorchScriptFile.Load(new PyTorchFixture("cnn").TorchScript);
        var error = Assert.Throws<InputException>(() => model.Forward(zeros(2, 1, 7, 7, dtype: ScalarType.Float64)));
        Assert.Contains("[2, 1, 7, 7]: RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x16 and 36x8)", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<InputException>(() => ModelObjective.Loss(model, ModelLoss.CrossEntropy,
            [new Batch(zeros(2, 1, 8, 8, dtype: ScalarType.Float64), tensor(new long[] { 0, 3 }))]));
    }

    [Fact]
    public void AModuleWhoseForwardTakesTwoTensorsIsAnInputExceptionNotAnAbort()
    {
        using var scope = NewDisposeScope();
        using var model = TorchScriptFile.Load(PathOf("two-inputs.pt"));
        var error = Assert.Throws<InputException>(() => model.Forward(zeros(2, 4, dtype: ScalarType.Float64)));
        Assert.Contains("fails on inputs of shape [2, 4]", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ACustomLossWithSumReductionAddsOverBatches()
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture("mlp");
        using var model = TorchScriptFile.Load(fixture.TorchScript);
        var sum = ModelLoss.Custom((f, y) => f.sub(y).pow(Held(2)).sum().mul(Held(0.5)), LossReduction.Sum, "half-sum");
        double total = ModelObjective.Loss(model, sum, fixture.Batches("square", 3));
        Assert.True(Relative(total, 8 * fixture.Value("square", "loss")) < 1e-12);
    }
}

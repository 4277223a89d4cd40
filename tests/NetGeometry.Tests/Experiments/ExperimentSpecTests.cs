using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Tests.Experiments;

public sealed class ExperimentSpecTests
{
    private static InputException Bad(string json) =>
        Assert.Throws<InputException>(() => ExperimentSpec.Parse(json, "spec.json").Cells());

    [Theory]
    [InlineData("""{ "network": { "widht": [64] } }""", "network.widht")]
    [InlineData("""{ "netwrk": {} }""", "'netwrk'")]
    [InlineData("""{ "training": { "steps": "many" } }""", "training.steps must be a whole number")]
    [InlineData("""{ "network": { "widths": 64 } }""", "network.widths must be a list of whole numbers")]
    [InlineData("""{ "data": 3 }""", "data must be an object")]
    [InlineData("""{ "training": { "learningRate": -1 } }""", "training.learningRate must be a positive number")]
    [InlineData("""{ "training": { "steps": 10, "epochs": 2 } }""", "training.steps or training.epochs")]
    [InlineData("""{ "sweep": { "network.width": [64] } }""", "sweep axis 'network.width'")]
    [InlineData("""{ "sweep": { "seed": [] } }""", "sweep axis seed has no values")]
    [InlineData("""{ "sweep": { "seed": [1, 1] } }""", "sweep axis seed lists 1 twice")]
    [InlineData("""{ "sweep": { "training.steps": [10, "x"] } }""", "training.steps must be a whole number")]
    [InlineData("""{ "sweep": { "training.learningRate": [0.1, -2] } }""", "learningRate=-2: training.learningRate must be a positive number")]
    [InlineData("""{ "sweep": [1, 2] }""", "sweep must be an object")]
    [InlineData("""{ "sweep": { "network": [{ "model": "cnn" }, 3] } }""", "sweep axis network is a section: each value must be an object")]
    [InlineData("""{ "sweep": { "network": [{ "widht": [4] }] } }""", "network.widht")]
    [InlineData("""{ "seed": 1, }x""", "not valid JSON")]
    public void AnErrorNamesTheFieldAndTheSpec(string json, string expected)
    {
        var error = Bad(json);
        Assert.StartsWith("spec.json", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ABadWidthInASweepCellIsReportedAsTheSpecField()
    {
        using var root = new TempFolder();
        var spec = ExperimentSpec.Parse("""{ "network": { "model": "two-layer-relu" }, "data": { "train": 5, "dim": 2 }, "sweep": { "network.widths": [0] } }""", "spec.json");
        var error = Assert.Throws<InputException>(() => SweepRunner.Run(spec, root.Path));
        Assert.Contains("spec.json, sweep cell widths=0: network.widths must be positive", error.Message);
    }

    [Fact]
    public void ASectionAxisSetsTheFieldsOfEachObjectAndKeepsTheOthers()
    {
        var spec = ExperimentSpec.Parse("""
            { "network": { "model": "mlp", "widths": [8], "activation": "tanh" },
              "sweep": { "network": [{ "opt": null }, { "opt": "cp", "soptFraction": 0.5 }, { "model": "cnn", "channels": 4, "widths": [] }], "seed": [0, 1] } }
            """, "spec.json");

        var cells = spec.Cells();

        Assert.Equal(["network=opt:null seed=0", "network=opt:null seed=1", "network=opt:cp;soptFraction:0.5 seed=0",
            "network=opt:cp;soptFraction:0.5 seed=1", "network=model:cnn;channels:4;widths: seed=0", "network=model:cnn;channels:4;widths: seed=1"],
            cells.Select(c => c.Label));
        var networks = cells.Select(c => c.Spec.Network).ToList();
        Assert.Equal([null, null, "cp", "cp", null, null], networks.Select(n => n.Opt));
        Assert.Equal([null, null, 0.5, 0.5, null, null], networks.Select(n => n.SoptFraction));
        Assert.Equal(["mlp", "mlp", "mlp", "mlp", "cnn", "cnn"], networks.Select(n => n.Model));
        Assert.Equal([[8], [8], [8], [8], [], []], networks.Select(n => n.Widths));
        Assert.Equal([4], networks[^1].Channels!);
        Assert.All(networks, n => Assert.Equal("tanh", n.Activation));
    }

    [Fact]
    public void ASweepIsTheProductOfItsAxesFirstAxisSlowest()
    {
        var spec = ExperimentSpec.Parse("""
            { "name": "grid", "network": { "model": "two-layer-relu" },
              "sweep": { "network.widths": [64, [128]], "training.learningRate": [0.1, 1], "seed": [3] } }
            """, "spec.json");

        var cells = spec.Cells();

        Assert.Equal(["widths=64 learningRate=0.1 seed=3", "widths=64 learningRate=1 seed=3", "widths=128 learningRate=0.1 seed=3", "widths=128 learningRate=1 seed=3"],
            cells.Select(c => c.Label));
        Assert.Equal([64, 64, 128, 128], cells.Select(c => c.Spec.Network.Widths.Single()));
        Assert.Equal([0.1, 1, 0.1, 1], cells.Select(c => c.Spec.Training.LearningRate!.Value));
        Assert.All(cells, c => Assert.Equal((3L, "grid", "two-layer-relu"), (c.Spec.Seed, c.Spec.Name, c.Spec.Network.Model)));
        Assert.Equal(4, cells.Select(c => c.Key).Distinct().Count());
    }

    [Fact]
    public void TheCellKeyIsTheResolvedSpecNotItsSpellingOrName()
    {
        var implicitDefaults = ExperimentSpec.Parse("""{ "name": "a", "seed": 2 }""", "a.json").Cells().Single();
        var explicitDefaults = ExperimentSpec.Parse("""{ "name": "b", "sweep": { "seed": [2] }, "training": { "optimizer": "adam" } }""", "b.json").Cells().Single();
        var otherSeed = ExperimentSpec.Parse("""{ "name": "a", "seed": 3 }""", "a.json").Cells().Single();

        Assert.Equal(implicitDefaults.Key, explicitDefaults.Key);
        Assert.NotEqual(implicitDefaults.Key, otherSeed.Key);
        Assert.Equal(64, implicitDefaults.Key.Length);
        Assert.Equal("run", implicitDefaults.Label);
    }

    [Fact]
    public void TwoAxisValuesThatResolveToTheSameRunAreRefused()
    {
        var error = Bad("""{ "sweep": { "network.widths": [64, [64]] } }""");
        Assert.Contains("are the same run", error.Message);
    }

    [Fact]
    public void TheDocumentReadsBackToTheSameCells()
    {
        var spec = ExperimentSpec.Parse("""{ "name": "x", "data": { "train": 20 }, "sweep": { "data.labelNoise": [0, 0.5] } }""", "x.json");
        var again = ExperimentSpec.Parse(spec.ToJson(), "x.json");
        Assert.Equal(spec.Cells().Select(c => c.Key), again.Cells().Select(c => c.Key));
    }

    [Fact]
    public void EveryFieldAndItsTypeIsDocumented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "experiments.md"));
        foreach (var field in SpecSchema.Fields.Where(f => !f.IsSection))
            Assert.True(docs.Contains($"`{field.Path}`"), $"docs/experiments.md lists {field.Path}");
    }
}

using NetGeometry.Engine;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Tests.Experiments;

/// <summary>The pre-flight of sweeps: every cell checked (data, network, probes) before any folder, every problem at once.</summary>
public sealed class PreflightTests
{
    private const string Base = """
        "name": "preflight", "network": { "model": "mlp", "widths": [4] }, "data": { "train": 5, "dim": 3 },
        "training": { "optimizer": "gd", "steps": 2 }
        """;

    private static ExperimentSpec Spec(string sweep) => ExperimentSpec.Parse($$"""{ {{Base}}, "sweep": {{sweep}} }""", "spec.json");

    [Fact]
    public void EveryProblemOfEveryCellIsOneLineNamingItsCellsAndNoFolderIsMade()
    {
        using var root = new TempFolder();
        var spec = Spec("""{ "network.activation": ["relu", "swish"], "data.dim": [3, 0], "training.probes": [["loss"], ["du-gram"]] }""");

        var error = Assert.Throws<InputException>(() => SweepRunner.Run(spec, root.Path));

        string[] expected =
        [
            "spec.json, sweep cell activation=relu dim=3 probes=du-gram: the du-gram probe needs network.model two-layer-relu",
            "spec.json, sweep cells activation=relu dim=0 probes=loss, activation=relu dim=0 probes=du-gram, " +
                "activation=swish dim=0 probes=loss and 1 more: data.dim must be positive",
            "spec.json, sweep cells activation=swish dim=3 probes=loss, activation=swish dim=3 probes=du-gram: unknown activation 'swish'",
        ];
        var lines = error.Message.Split('\n');
        Assert.Equal(expected.Length, lines.Length);
        Assert.All(expected.Zip(lines), pair => Assert.StartsWith(pair.First, pair.Second));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Path));
    }

    [Fact]
    public void AProblemOfEveryCellIsOneLine()
    {
        var error = Assert.Throws<InputException>(() => Preflight.Check(Spec("""{ "seed": [0, 1, 2], "data.train": [0] }""")));

        Assert.Equal("spec.json, every sweep cell: data.train must be positive, got 0.", error.Message);
    }

    [Fact]
    public void SeveralSweepsAreCheckedTogetherEachLineNamingItsSweep()
    {
        var good = Spec("""{ "seed": [0, 1] }""");
        var bad = ExperimentSpec.Parse("""{ "name": "other", "network": { "model": "nope" } }""", "other.json");

        var error = Assert.Throws<InputException>(() => Preflight.Check([("first", good), ("second", bad), ("third", bad)]));

        Assert.Equal(["second: other.json: unknown model 'nope': use two-layer-relu, mlp, residual-mlp, cnn.",
            "third: other.json: unknown model 'nope': use two-layer-relu, mlp, residual-mlp, cnn."], error.Message.Split('\n'));
        Assert.Equal(2, Preflight.Check([("first", good), ("again", good)])[1].Count);
    }
}

using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Experiments;

public sealed class ResultsStoreTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string StorePath => folder.File("results.sqlite");

    [Fact]
    public void MetricsComeBackBitForBitInRecordingOrder()
    {
        double[] values =
        [
            1.0 / 3, 0.1 + 0.2, Math.PI * 1e-300, double.Epsilon, -2.5e300, double.MaxValue, 123456789.0, -0.0,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        ];
        var metrics = values
            .Select((v, i) => new Metric(i * 10L, i % 2 == 0 ? "loss" : "ntk/lambda_min", i % 3 == 0 ? null : $"layer{i % 3}", v))
            .ToList();
        using (var store = ResultsStore.Open(StorePath))
        {
            store.BeginRun("metrics", "{}");
            store.Record(metrics.Take(4).ToList());
            store.Record(metrics.Skip(4).ToList());
        }

        using var reopened = ResultsStore.Open(StorePath);
        var read = reopened.Metrics(reopened.Runs().Single().Id);
        Assert.Equal(metrics.Count, read.Count);
        for (var i = 0; i < metrics.Count; i++)
        {
            Assert.Equal((metrics[i].Step, metrics[i].Name, metrics[i].Layer), (read[i].Step, read[i].Name, read[i].Layer));
            Assert.Equal(BitConverter.DoubleToInt64Bits(metrics[i].Value), BitConverter.DoubleToInt64Bits(read[i].Value));
        }
    }

    [Fact]
    public void SummariesKeepNumbersAndTextsAndTheLastValueOfAKey()
    {
        using var store = ResultsStore.Open(StorePath);
        var run = store.BeginRun("summaries", "{}");
        store.SetSummary("test_accuracy", 0.5);
        store.SetSummary("verdict", "holds");
        store.SetSummary("test_accuracy", 0.8765432101234567);
        store.SetSummary("final_loss", double.NaN);

        var summaries = store.Summaries(run);

        Assert.Equal(["final_loss", "test_accuracy", "verdict"], summaries.Select(s => s.Key));
        Assert.True(double.IsNaN(summaries[0].Number) && !summaries[0].IsText);
        Assert.Equal(0.8765432101234567, summaries[1].Number);
        Assert.Null(summaries[1].Text);
        Assert.Equal("holds", summaries[2].Text);
    }

    [Fact]
    public void CheckpointsComeBackAsFloat64WithShapesOrderAndExactValues()
    {
        using var g = Seeds.Generator(7);
        using var weight = randn([3, 4], dtype: ScalarType.Float64, generator: g);
        using var scalar = tensor(-1.0 / 7, ScalarType.Float64);
        using var bias32 = randn([5], dtype: ScalarType.Float32, generator: g);
        using var empty = zeros([0, 2], ScalarType.Float64);
        using var snapshot = new ParameterSnapshot(
            [("layer2", "weight", weight), ("layer2", "scale", scalar), ("layer1", "bias", bias32), ("layer1", "empty", empty)]);
        using (var store = ResultsStore.Open(StorePath))
        {
            store.BeginRun("checkpoints", "{}");
            store.SaveCheckpoint(0, snapshot);
        }

        using var reopened = ResultsStore.Open(StorePath);
        using var loaded = reopened.LoadCheckpoint(reopened.Runs().Single().Id, 0);

        Assert.Equal(["layer2.weight", "layer2.scale", "layer1.bias", "layer1.empty"], loaded.Entries.Select(e => e.Key));
        Assert.All(loaded.Entries, e => Assert.Equal(ScalarType.Float64, e.Value.dtype));
        for (var i = 0; i < snapshot.Entries.Count; i++)
        {
            var original = snapshot.Entries[i].Value;
            var copy = loaded.Entries[i].Value;
            Assert.Equal(original.shape, copy.shape);
            Assert.Equal(Bits(original), Bits(copy));
        }
    }

    /// <summary>The bits of each value as a float64 (float32 values widened exactly); TorchSharp cannot read an empty tensor.</summary>
    private static IEnumerable<long> Bits(Tensor t) => t.numel() == 0 ? []
        : t.dtype == ScalarType.Float32 ? t.data<float>().ToArray().Select(v => BitConverter.DoubleToInt64Bits(v))
        : t.data<double>().ToArray().Select(BitConverter.DoubleToInt64Bits);

    [Fact]
    public void ASecondCheckpointAtAStepReplacesTheFirstAndAMissingStepIsAnInputError()
    {
        using var first = new ParameterSnapshot([("layer1", "weight", ones([2, 2], ScalarType.Float64))]);
        using var second = new ParameterSnapshot([("layer1", "weight", full([3], Held(2.0), ScalarType.Float64))]);
        using var store = ResultsStore.Open(StorePath);
        var run = store.BeginRun("steps", "{}");
        store.SaveCheckpoint(100, first);
        store.SaveCheckpoint(0, first);
        store.SaveCheckpoint(100, second);

        Assert.Equal([0L, 100L], store.CheckpointSteps(run));
        using (var loaded = store.LoadCheckpoint(run, 100))
            Assert.Equal([2.0, 2.0, 2.0], loaded["layer1.weight"].data<double>().ToArray());
        var error = Assert.Throws<InputException>(() => store.LoadCheckpoint(run, 50));
        Assert.Contains("0, 100", error.Message);
    }

    [Fact]
    public void RunsKeepNameSpecTimesStatusAndMessage()
    {
        using var store = ResultsStore.Open(StorePath, FixedClock.NewYear2025);
        var first = store.BeginRun("first", """{"width": 64}""");
        store.FinishRun(RunStatus.Completed);
        var second = store.BeginRun("second", "{}");
        store.FinishRun(RunStatus.Diverged, "loss became NaN at step 7");
        store.BeginRun("third", "{}");

        var runs = store.Runs();

        Assert.Equal([first, second], runs.Take(2).Select(r => r.Id));
        Assert.Equal(("first", """{"width": 64}""", RunStatus.Completed), (runs[0].Name, runs[0].SpecJson, runs[0].Status));
        Assert.Equal(FixedClock.NewYear2025.Now.UtcDateTime, runs[0].StartedUtc);
        Assert.Equal(DateTimeKind.Utc, runs[0].StartedUtc.Kind);
        Assert.Equal(FixedClock.NewYear2025.Now.UtcDateTime, runs[0].FinishedUtc);
        Assert.Equal((RunStatus.Diverged, "loss became NaN at step 7"), (runs[1].Status, runs[1].Message));
        Assert.Equal((RunStatus.Running, null, null), (runs[2].Status, runs[2].FinishedUtc, runs[2].Message));
    }

    [Fact]
    public void ArtifactsAreListedOncePerPath()
    {
        using var store = ResultsStore.Open(StorePath);
        var run = store.BeginRun("artifacts", "{}");
        store.AddArtifact("loss", ArtifactKinds.Plot, "plots/loss.png");
        store.AddArtifact("metrics", ArtifactKinds.Csv, "metrics.csv");
        store.AddArtifact("loss", ArtifactKinds.Plot, "plots/loss.png");

        Assert.Equal(
            [new Artifact("metrics", ArtifactKinds.Csv, "metrics.csv"), new Artifact("loss", ArtifactKinds.Plot, "plots/loss.png")],
            store.Artifacts(run));
    }

    [Fact]
    public void WritingWithoutARunIsAProgrammingError()
    {
        using var store = ResultsStore.Open(StorePath);
        Assert.Throws<InvalidOperationException>(() => store.Record([new Metric(0, "loss", null, 1)]));
    }

    [Fact]
    public void AFileThatIsNotADatabaseIsAnInputError()
    {
        File.WriteAllText(StorePath, "step,name,layer,value\n0,loss,,1\n");
        var error = Assert.Throws<InputException>(() => ResultsStore.Open(StorePath));
        Assert.Contains("not a results store", error.Message);
    }

    [Fact]
    public void AStoreInAMissingFolderIsAnInputError()
    {
        var error = Assert.Throws<InputException>(() => ResultsStore.Open(folder.File("missing/results.sqlite")));
        Assert.Contains("folder exists", error.Message);
    }
}

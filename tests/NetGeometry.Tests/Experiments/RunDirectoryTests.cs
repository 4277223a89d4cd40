using System.Globalization;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Reporting;
using NetGeometry.Training;
using SkiaSharp;

namespace NetGeometry.Tests.Experiments;

public sealed class RunDirectoryTests : IDisposable
{
    private const string Spec = """{"network": {"family": "mlp", "width": 64}}""";

    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    private RunDirectory Create(string name = "demo") => RunDirectory.Create(root.Path, name, Spec, FixedClock.NewYear2025);

    private static List<Metric> TrainingMetrics() =>
    [
        .. Enumerable.Range(0, 40).Select(s => new Metric(s * 5, "loss", null, Math.Exp(-0.3 * s))),
        .. Enumerable.Range(0, 40).SelectMany(s => new[]
        {
            new Metric(s * 5, "weight_change", null, Math.Sqrt(s) / 10),
            new Metric(s * 5, "weight_change", "layer1", Math.Sqrt(s) / 20),
            new Metric(s * 5, "weight_change", "layer2", Math.Sqrt(s) / 30),
        }),
    ];

    [Fact]
    public void FinishLeavesSpecStoreCsvAndADecodablePlotPerMetric()
    {
        var metrics = TrainingMetrics();
        string path;
        using (var run = Create())
        {
            path = run.Path;
            run.Store.Record(metrics);
            run.Store.SetSummary("test_accuracy", 0.93);
            run.Finish(RunStatus.Completed);
        }

        Assert.Equal(Path.Combine(root.Path, "runs", "demo-20250101-123045"), path);
        Assert.Equal(Spec, File.ReadAllText(Path.Combine(path, "spec.json")));
        Assert.Equal(["loss.png", "weight_change.png"], Directory.GetFiles(Path.Combine(path, "plots")).Select(Path.GetFileName).Order());
        foreach (var png in Directory.GetFiles(Path.Combine(path, "plots")))
            AssertPng(png);
        Assert.Equal(metrics, ReadCsv(Path.Combine(path, "metrics.csv")));

        using var store = ResultsStore.Open(Path.Combine(path, "results.sqlite"));
        var stored = store.Runs().Single();
        Assert.Equal(("demo", Spec, RunStatus.Completed), (stored.Name, stored.SpecJson, stored.Status));
        Assert.Equal(metrics, store.Metrics(stored.Id));
        Assert.Equal(0.93, store.Summaries(stored.Id).Single().Number);
        Assert.Equal(["spec.json", "metrics.csv", "plots/loss.png", "plots/weight_change.png", "report.html"],
            store.Artifacts(stored.Id).Select(a => a.RelativePath));
        var report = File.ReadAllText(Path.Combine(path, "report.html"));
        Assert.Equal(2, report.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("test_accuracy", report);
    }

    [Fact]
    public void ADivergedRunKeepsItsNaNAndStillGetsItsExports()
    {
        List<Metric> metrics = [new(0, "loss", null, 1.0), new(1, "loss", null, 1e10), new(2, "loss", null, double.NaN)];
        using var run = Create();
        run.Store.Record(metrics);

        run.Finish(RunStatus.Diverged, "loss became NaN at step 2");

        Assert.Equal("2,loss,,NaN", File.ReadAllLines(Path.Combine(run.Path, "metrics.csv"))[^1]);
        AssertPng(Path.Combine(run.Path, "plots", "loss.png"));
        var stored = run.Store.Runs().Single();
        Assert.Equal((RunStatus.Diverged, "loss became NaN at step 2"), (stored.Status, stored.Message));
    }

    [Fact]
    public void AFailingPlotDoesNotStopTheOtherExports()
    {
        var tooLongForAFileName = new string('x', 300);
        using var run = Create();
        run.Store.Record([new(0, tooLongForAFileName, null, 1), new(0, "loss", null, 1), new(1, "loss", null, 0.5)]);

        var error = Assert.Throws<AggregateException>(() => run.Finish(RunStatus.Completed));

        Assert.Single(error.InnerExceptions);
        Assert.True(File.Exists(Path.Combine(run.Path, "metrics.csv")));
        AssertPng(Path.Combine(run.Path, "plots", "loss.png"));
        Assert.Equal(RunStatus.Completed, run.Store.Runs().Single().Status);
    }

    [Fact]
    public void MetricNamesThatAreTheSameFileNameGetDistinctPlots()
    {
        using var run = Create();
        run.Store.Record([new(0, "ntk/lambda_min", null, 1), new(0, "ntk_lambda_min", null, 2)]);

        run.Finish(RunStatus.Completed);

        Assert.Equal(["plots/ntk_lambda_min.png", "plots/ntk_lambda_min-2.png"],
            run.Store.Artifacts(run.RunId).Where(a => a.Kind == ArtifactKinds.Plot).Select(a => a.RelativePath));
    }

    [Fact]
    public void RunsStartedInTheSameSecondGetNumberedFolders()
    {
        using var first = Create();
        using var second = Create();
        using var third = Create();

        Assert.Equal(["demo-20250101-123045", "demo-20250101-123045-2", "demo-20250101-123045-3"],
            new[] { first, second, third }.Select(r => Path.GetFileName(r.Path)));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData("two words")]
    public void ANameThatIsNotAFolderNameIsAnInputError(string name)
    {
        Assert.Throws<InputException>(() => Create(name));
        Assert.False(Directory.Exists(Path.Combine(root.Path, "runs")));
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes.Take(8));
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.Equal((MetricPlots.Width, MetricPlots.Height), (bitmap.Width, bitmap.Height));
    }

    /// <summary>Reads back a metrics.csv without quoted fields.</summary>
    private static List<Metric> ReadCsv(string path) => File.ReadLines(path).Skip(1)
        .Select(line => line.Split(','))
        .Select(f => new Metric(long.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2] == "" ? null : f[2],
            double.Parse(f[3], CultureInfo.InvariantCulture)))
        .ToList();
}

using NetGeometry.Training;
using NetGeometry.Experiments;

namespace NetGeometry.Tests.Experiments;

/// <summary>A writer killed with SIGKILL mid-run leaves a store that opens and holds every write that returned, whole.</summary>
public sealed class ResultsStoreCrashTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task AStoreWhoseWriterWasKilledHoldsEveryCommittedWriteAndNoPartialOne()
    {
        var path = folder.File("results.sqlite");
        long lastReported;
        using (var writer = CrashWriter.Start(path))
        {
            var errors = writer.StandardError.ReadToEndAsync();
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                do
                {
                    var line = await writer.StandardOutput.ReadLineAsync(deadline.Token)
                        ?? throw new Xunit.Sdk.XunitException($"the crash writer stopped by itself: {await errors}");
                    lastReported = long.Parse(line);
                } while (lastReported < 2 * CrashWriter.CheckpointEvery);
                Assert.False(writer.HasExited);
            }
            finally
            {
                writer.Kill();  // SIGKILL on Unix: no finally blocks, no Dispose, no checkpoint of the WAL
                await writer.WaitForExitAsync();
            }
        }

        Assert.True(File.Exists(path + "-wal"), "the killed writer's WAL should still be there");
        using var store = ResultsStore.Open(path);
        var run = store.Runs().Single();
        Assert.Equal((RunStatus.Interrupted, null), (run.Status, run.FinishedUtc));  // stored as running, its process gone
        Assert.Equal("yes", store.Summaries(run.Id).Single().Text);

        var metrics = store.Metrics(run.Id);
        Assert.Equal(0, metrics.Count % CrashWriter.MetricsPerStep);
        var steps = metrics.Count / CrashWriter.MetricsPerStep;
        Assert.True(steps > lastReported, $"{steps} steps stored, step {lastReported} was reported committed");
        for (var k = 0; k < metrics.Count; k++)
        {
            var (step, i) = (k / CrashWriter.MetricsPerStep, k % CrashWriter.MetricsPerStep);
            Assert.Equal((step, $"layer{i}", CrashWriter.Value(step, i)), (metrics[k].Step, metrics[k].Layer, metrics[k].Value));
        }

        var checkpoints = store.CheckpointSteps(run.Id);
        Assert.True(checkpoints[^1] >= lastReported - lastReported % CrashWriter.CheckpointEvery);
        foreach (var step in checkpoints)
        {
            using var snapshot = store.LoadCheckpoint(run.Id, step);
            Assert.All(snapshot["layer0.weight"].data<double>().ToArray(), v => Assert.Equal(CrashWriter.CheckpointValue(step), v));
        }
    }
}

using System.Diagnostics;
using NetGeometry.Experiments;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Experiments;

/// <summary>
/// A child process that writes to a results store until it is killed: a run, then one Record of
/// <see cref="MetricsPerStep"/> metrics per step and a checkpoint every <see cref="CheckpointEvery"/> steps, printing
/// each step number once its writes returned. It never finishes the run nor closes the store.
/// </summary>
public static class CrashWriter
{
    public const string Verb = "crash-writer";
    public const int MetricsPerStep = 50;
    public const int CheckpointEvery = 10;

    /// <summary>Stops by itself after this many steps, so that a child the test failed to kill does not fill the disk.</summary>
    private const int MaxSteps = 20_000;

    /// <summary>The value of metric <paramref name="i"/> at <paramref name="step"/>.</summary>
    public static double Value(long step, int i) => step + i / 64.0;

    /// <summary>Every parameter of the checkpoint at <paramref name="step"/> equals this.</summary>
    public static double CheckpointValue(long step) => -step / 3.0;

    public static int Run(string storePath)
    {
        var store = ResultsStore.Open(storePath);
        store.BeginRun("crash", "{}");
        store.SetSummary("started", "yes");
        for (long step = 0; step < MaxSteps; step++)
        {
            store.Record(Enumerable.Range(0, MetricsPerStep).Select(i => new Metric(step, "loss", $"layer{i}", Value(step, i))).ToList());
            if (step % CheckpointEvery == 0)
            {
                using var snapshot = new ParameterSnapshot([("layer0", "weight", full([16, 16], Held(CheckpointValue(step)), ScalarType.Float64))]);
                store.SaveCheckpoint(step, snapshot);
            }
            Console.WriteLine(step);
        }
        return 0;
    }

    /// <summary>Starts the writer on <paramref name="storePath"/> with its output redirected.</summary>
    public static Process Start(string storePath)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(host, [typeof(CrashWriter).Assembly.Location, Verb, storePath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {host}.");
    }
}

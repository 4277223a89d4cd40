using NetGeometry.Data;
using NetGeometry.Experiments.Retention;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>The run directory a finished (or stopped) run wrote, and how training ended.</summary>
public sealed record RunOutcome(string RunDirectory, TrainingResult Result);

/// <summary>A run whose data are loaded and whose network is built and initialized: all input is valid.</summary>
public sealed record PreparedRun(RunSpec Spec, DataSplit Data, INetwork Network) : IDisposable
{
    public void Dispose()
    {
        Network.Dispose();
        Data.Dispose();
    }
}

/// <summary>
/// Runs one RunSpec end to end. <see cref="Prepare"/> loads the data and builds the network, so bad input fails
/// before anything is written; <see cref="Execute"/> creates the run directory, trains with the results store as
/// recorder, stores the final values as summaries, and finishes the directory (metrics.csv, plots, report) whatever the
/// ending.
/// </summary>
public static class RunExecutor
{
    public static PreparedRun Prepare(RunSpec spec)
    {
        spec.Training.Validate();
        var data = spec.Data.Load(spec.Seed);
        try
        {
            var network = Build(spec, data);
            try
            {
                network.Initialize(spec.Seed);
            }
            catch
            {
                network.Dispose();
                throw;
            }
            return new PreparedRun(spec, data, network);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks, without training, that <paramref name="spec"/> can run on <paramref name="data"/> (loaded from its data
    /// spec): its training settings are valid, its network builds for these data and its probes can measure it. A
    /// problem is an <see cref="Engine.InputException"/>; the pre-flight of a sweep (<see cref="Sweeps.Preflight"/>)
    /// calls it for every cell.
    /// </summary>
    public static void Check(RunSpec spec, DataSplit data)
    {
        spec.Training.Validate();
        using var network = Build(spec, data);
    }

    /// <summary>The spec's network for these data (inputs, outputs or classes), once its probes have accepted it.</summary>
    private static INetwork Build(RunSpec spec, DataSplit data)
    {
        var train = data.Train;
        bool classes = spec.Training.ResolveLoss(train.Labels is not null) == LossKind.CrossEntropy;
        var network = spec.Network.Build((int)train.InputDim, classes ? train.ClassCount ?? 0 : (int)train.OutputDim,
            device: Engine.TorchRuntime.Device);
        try
        {
            Training.Probes.ProbeRegistry.Check(spec.Training.Probes, network, data);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Runs into a new folder runs/&lt;name&gt;-&lt;UTC time&gt;/ under <paramref name="root"/>, then refreshes runs/index.html.
    /// <paramref name="retention"/> says which checkpoints are kept (default: every scheduled one, in the store only).</summary>
    public static RunOutcome Execute(PreparedRun prepared, string root, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancel = default, CheckpointRetention? retention = null)
    {
        RunOutcome outcome;
        using (var run = RunDirectory.Create(root, prepared.Spec.Name, prepared.Spec.ToJson()))
            outcome = Execute(prepared, run, progress, cancel, retention);
        Reports.ReportWriter.RefreshIndex(outcome.RunDirectory);
        return outcome;
    }

    /// <summary>Runs into a run directory the caller made (a sweep cell's) and still owns. Without
    /// <paramref name="writePages"/> (a sweep cell, which its sweep's report covers) the run writes no plots/ and no
    /// report.html; <c>netgeo report</c> on its folder writes them.</summary>
    public static RunOutcome Execute(PreparedRun prepared, RunDirectory run, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancel = default, CheckpointRetention? retention = null, bool writePages = true)
    {
        var (spec, data, network) = prepared;
        retention ??= CheckpointRetention.For(Keep.Checkpoints);
        var recorder = new RetainingRecorder(run.Store, retention.Steps.Of(spec, spec.Training.ResolveCheckpointSteps(data.Train.Count)));
        TrainingResult result;
        try
        {
            result = Trainer.Train(network, data, spec.Training, spec.Seed, recorder, progress, cancel);
        }
        catch (Exception e)
        {
            ErrorLog.Write(run.Path, e);
            run.Finish(RunStatus.Failed, e.Message, retention.Arrays, writePages);
            throw;
        }
        foreach (var (key, value) in result.Final) run.Store.SetSummary(key, value);
        run.Store.SetSummary("steps", result.StepsCompleted);
        run.Store.SetSummary("seconds", result.Elapsed.TotalSeconds);
        run.Store.SetSummary("parameters", network.ParameterCount());
        run.Finish(result.Status, result.Message, retention.Arrays, writePages);
        return new RunOutcome(run.Path, result);
    }
}

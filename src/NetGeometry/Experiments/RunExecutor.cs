using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>The run directory a finished (or stopped) run wrote, and how training ended.</summary>
public sealed record RunOutcome(string RunDirectory, TrainingResult Result);

/// <summary>
/// Runs one RunSpec end to end: loads the data and builds the network (so bad input fails before anything is
/// written), creates the run directory, trains with the results store as recorder, stores the final values as
/// summaries, and finishes the directory (metrics.csv, plots) whatever the ending.
/// </summary>
public static class RunExecutor
{
    public static RunOutcome Execute(RunSpec spec, string root, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancel = default)
    {
        spec.Training.Validate();
        using var data = spec.Data.Load(spec.Seed);
        var train = data.Train;
        using var network = spec.Network.Build((int)train.InputDim,
            spec.Training.ResolveLoss(train.Labels is not null) == LossKind.CrossEntropy ? train.ClassCount!.Value : (int)train.OutputDim,
            device: Engine.TorchRuntime.Device);
        network.Initialize(spec.Seed);

        using var run = RunDirectory.Create(root, spec.Name, spec.ToJson());
        TrainingResult result;
        try
        {
            result = Trainer.Train(network, data, spec.Training, spec.Seed, run.Store, progress, cancel);
        }
        catch (Exception e)
        {
            run.Finish(RunStatus.Failed, e.Message);
            throw;
        }
        foreach (var (key, value) in result.Final) run.Store.SetSummary(key, value);
        run.Store.SetSummary("steps", result.StepsCompleted);
        run.Store.SetSummary("seconds", result.Elapsed.TotalSeconds);
        run.Store.SetSummary("parameters", Networks.NetworkExtensions.ParameterCount(network));
        run.Finish(result.Status, result.Message);
        return new RunOutcome(run.Path, result);
    }
}

using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>
/// A finished run reopened for measurement after the fact (netgeo ntk --from-run, hessian, energy, sensitivity,
/// complexity): its spec.json rebuilds the data and the network (the same seed gives the same data and the same
/// initial parameters), its results.sqlite (the last run of the store) holds the checkpoints. The network starts at
/// its initialization; <see cref="Restore"/> puts a checkpoint in. Opening never writes to the run directory, and the
/// store is open only while a checkpoint is read, so the network and data may outlive this object (whoever takes
/// them from <see cref="Prepared"/> disposes them instead of it).
/// </summary>
public sealed class SavedRun : IDisposable
{
    private readonly string _storeFile;
    private readonly bool _initializationSaved;

    private SavedRun(string directory, string storeFile, long runId, IReadOnlyList<long> saved, IReadOnlyList<long> steps, PreparedRun prepared)
    {
        Directory = directory; _storeFile = storeFile; RunId = runId; CheckpointSteps = steps; Prepared = prepared;
        _initializationSaved = saved.Contains(0);
    }

    /// <summary>The run's folder (absolute).</summary>
    public string Directory { get; }
    public long RunId { get; }
    /// <summary>The steps whose parameters <see cref="Restore"/> and <see cref="LoadCheckpoint"/> give, ascending: the
    /// saved checkpoints and, when the schedule has step 0 but the store does not (a reproduction's cell stores none: the
    /// seed rebuilds it bit for bit), step 0 too, as long as some checkpoint was saved.</summary>
    public IReadOnlyList<long> CheckpointSteps { get; }
    public PreparedRun Prepared { get; }
    public RunSpec Spec => Prepared.Spec;
    public INetwork Network => Prepared.Network;
    public DataSplit Data => Prepared.Data;
    public LossKind Loss => Spec.Training.ResolveLoss(Data.Train.Labels is not null);
    /// <summary>Parameter updates per pass over the training set.</summary>
    public long StepsPerEpoch => Spec.Training.StepsPerEpoch(Data.Train.Count);
    /// <summary>The last checkpoint: the trained network (for a run that completed).</summary>
    public long FinalStep => CheckpointSteps[^1];
    /// <summary>The step whose parameters the network holds now.</summary>
    public long Step { get; private set; }
    /// <summary>Whether they came from a saved checkpoint (false: step 0 rebuilt from the seed).</summary>
    public bool Restored { get; private set; }
    /// <summary>Where the parameters came from, in words.</summary>
    public string Source => Restored
        ? $"checkpoint at step {Step} of {Directory}"
        : $"initialization of {Directory} (rebuilt from its seed {Spec.Seed})";

    /// <summary>Opens the run at <paramref name="path"/> (its folder, or its spec.json or results.sqlite), network at
    /// initialization; bad input (no such run) is an <see cref="InputException"/>.</summary>
    public static SavedRun Open(string path)
    {
        var full = Path.GetFullPath(File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path);
        var specFile = Path.Combine(full, RunDirectory.SpecFile);
        var storeFile = Path.Combine(full, RunDirectory.StoreFile);
        InputException.Require(System.IO.Directory.Exists(full), $"no run directory {full}: give the folder netgeo train printed (runs/<name>-<time>).");
        InputException.Require(File.Exists(specFile) && File.Exists(storeFile),
            $"{full} is not a run directory (it needs {RunDirectory.SpecFile} and {RunDirectory.StoreFile}): give the folder netgeo train printed.");
        var spec = RunSpec.FromJson(File.ReadAllText(specFile), specFile);
        long runId;
        IReadOnlyList<long> steps;
        using (var store = ResultsStore.OpenExisting(storeFile))
        {
            var runs = store.Runs();
            InputException.Require(runs.Count > 0, $"{storeFile} holds no run.");
            runId = runs[^1].Id;
            steps = store.CheckpointSteps(runId);
        }
        var prepared = RunExecutor.Prepare(spec);
        bool rebuilt = steps.Count > 0 && steps[0] != 0 && spec.Training.ResolveCheckpointSteps(prepared.Data.Train.Count).Contains(0);
        return new SavedRun(full, storeFile, runId, steps, rebuilt ? [0, .. steps] : steps, prepared);
    }

    /// <summary>Opens the run with the parameters of <paramref name="step"/>, or of its last checkpoint when none is
    /// given (initialization when it saved none).</summary>
    public static SavedRun At(string path, long? step)
    {
        InputException.Require(step is null or >= 0, $"{InputField.Of(nameof(step))} must be zero or more, got {step}.");
        var run = Open(path);
        try
        {
            run.Restore(step ?? (run.CheckpointSteps.Count > 0 ? run.FinalStep : 0));
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>Requires the initial and the final checkpoint at least (what analyses along training need).</summary>
    public void RequireTrajectory() => InputException.Require(CheckpointSteps.Count >= 2,
        $"the run in {Directory} saved {CheckpointSteps.Count} checkpoint(s); the analysis needs the initial and the final one at least: train with {TrainingSpec.Field(nameof(TrainingSpec.CheckpointSchedule))} log:10.");

    /// <summary>The parameters saved at <paramref name="step"/> (float64, CPU), or for step 0 without a checkpoint the
    /// initialization drawn again from the seed (the network keeps the parameters it holds); the caller disposes them.</summary>
    public ParameterSnapshot LoadCheckpoint(long step)
    {
        if (step == 0 && !_initializationSaved)
        {
            using var current = Network.Snapshot();
            Network.Initialize(Spec.Seed);
            var initialization = Network.Snapshot();
            Network.Restore(current);
            return initialization;
        }
        using var store = ResultsStore.OpenExisting(_storeFile);
        return store.LoadCheckpoint(RunId, step);
    }


    /// <summary>Puts the parameters of <paramref name="step"/> into the network: its checkpoint, or, for step 0
    /// without one, the initialization drawn again from the seed.</summary>
    public void Restore(long step)
    {
        if (step == 0 && !_initializationSaved)
        {
            Network.Initialize(Spec.Seed);
            (Step, Restored) = (0, false);
            return;
        }
        using var snapshot = LoadCheckpoint(step);
        try
        {
            Network.Restore(snapshot);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{Directory}: the checkpoint at step {step} does not fit the network {RunDirectory.SpecFile} describes ({e.Message.TrimEnd('.')}).");
        }
        (Step, Restored) = (step, true);
    }

    public void Dispose() => Prepared.Dispose();
}

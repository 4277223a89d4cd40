using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// A finished run opened for analysis after the fact: its spec (spec.json), its data and network rebuilt from it
/// (the same seed gives the same data and the same initial parameters), and its checkpoints (results.sqlite; the
/// last run of the store). The network starts at its initialization; <see cref="Restore"/> puts a checkpoint in.
/// Opening never writes to the run directory.
/// </summary>
public sealed class AnalysedRun : IDisposable
{
    private readonly ResultsStore _store;

    private AnalysedRun(string directory, ResultsStore store, long runId, IReadOnlyList<long> steps, PreparedRun prepared)
    {
        Directory = directory; _store = store; RunId = runId; CheckpointSteps = steps; Prepared = prepared;
    }

    public string Directory { get; }
    public long RunId { get; }
    /// <summary>The steps with a saved checkpoint, ascending.</summary>
    public IReadOnlyList<long> CheckpointSteps { get; }
    public PreparedRun Prepared { get; }
    public RunSpec Spec => Prepared.Spec;
    public INetwork Network => Prepared.Network;
    public DataSplit Data => Prepared.Data;
    public LossKind Loss => Spec.Training.ResolveLoss(Data.Train.Labels is not null);
    /// <summary>Parameter updates per pass over the training set.</summary>
    public long StepsPerEpoch
    {
        get
        {
            long n = Data.Train.Count, batch = Spec.Training.ResolveBatchSize(n);
            return (n + batch - 1) / batch;
        }
    }
    /// <summary>The last checkpoint: the trained network (for a run that completed).</summary>
    public long FinalStep => CheckpointSteps[^1];

    /// <summary>Opens &lt;directory&gt;/spec.json and results.sqlite; bad input (no such run, no checkpoints) is an
    /// <see cref="InputException"/>.</summary>
    public static AnalysedRun Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        var specFile = Path.Combine(full, RunDirectory.SpecFile);
        var storeFile = Path.Combine(full, RunDirectory.StoreFile);
        InputException.Require(System.IO.Directory.Exists(full), $"no run directory {full}: give the folder netgeo train printed (runs/<name>-<time>).");
        InputException.Require(File.Exists(specFile) && File.Exists(storeFile),
            $"{full} is not a run directory (it needs {RunDirectory.SpecFile} and {RunDirectory.StoreFile}): give the folder netgeo train printed.");
        var spec = RunSpec.FromJson(File.ReadAllText(specFile), specFile);
        var store = ResultsStore.Open(storeFile);
        try
        {
            var runs = store.Runs();
            InputException.Require(runs.Count > 0, $"{storeFile} holds no run.");
            long runId = runs[^1].Id;
            var steps = store.CheckpointSteps(runId);
            InputException.Require(steps.Count >= 2,
                $"the run in {full} saved {steps.Count} checkpoint(s); the analysis needs the initial and the final one at least: train with --checkpoints log:10.");
            return new AnalysedRun(full, store, runId, steps, RunExecutor.Prepare(spec));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The parameters saved at <paramref name="step"/> (float64, CPU); the caller disposes them.</summary>
    public ParameterSnapshot LoadCheckpoint(long step) => _store.LoadCheckpoint(RunId, step);

    /// <summary>Puts the checkpoint at <paramref name="step"/> into the network.</summary>
    public void Restore(long step)
    {
        using var snapshot = LoadCheckpoint(step);
        try
        {
            Network.Restore(snapshot);
        }
        catch (ArgumentException e)
        {
            throw new InputException($"{Directory}: the checkpoint at step {step} does not fit the network {RunDirectory.SpecFile} describes ({e.Message.TrimEnd('.')}).");
        }
    }

    public void Dispose()
    {
        Prepared.Dispose();
        _store.Dispose();
    }
}

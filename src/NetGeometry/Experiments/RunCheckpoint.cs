using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;

namespace NetGeometry.Experiments;

/// <summary>
/// The network a finished run had at one step, rebuilt from its run directory: spec.json gives the network (built
/// by <see cref="RunExecutor.Prepare"/>, which loads the data for its dimensions and initializes from the seed) and
/// results.sqlite the checkpoint restored into it. Step 0 without a checkpoint is the initialization itself (the
/// same seed draws the same parameters).
/// </summary>
public sealed class RunCheckpoint : IDisposable
{
    private readonly PreparedRun _prepared;

    private RunCheckpoint(string runDirectory, PreparedRun prepared, long step, bool restored)
    {
        RunDirectory = runDirectory; _prepared = prepared; Step = step; Restored = restored;
    }

    /// <summary>The run's folder (absolute).</summary>
    public string RunDirectory { get; }
    public RunSpec Spec => _prepared.Spec;
    public INetwork Network => _prepared.Network;
    /// <summary>The run's data, loaded again from its spec (the same seed draws the same examples).</summary>
    public DataSplit Data => _prepared.Data;
    public long Step { get; }
    /// <summary>Whether the parameters came from a saved checkpoint (false: step 0 rebuilt from the seed).</summary>
    public bool Restored { get; }

    /// <summary>Where the parameters came from, in words: "checkpoint at step 500 of ..." or "initialization of ...".</summary>
    public string Source => Restored
        ? $"checkpoint at step {Step} of {RunDirectory}"
        : $"initialization of {RunDirectory} (rebuilt from its seed {Spec.Seed})";

    /// <summary>
    /// Opens the run at <paramref name="path"/> (its folder, or its spec.json or results.sqlite) at
    /// <paramref name="step"/>, or at its last checkpoint when none is given.
    /// </summary>
    public static RunCheckpoint Load(string path, long? step = null)
    {
        var folder = Path.GetFullPath(File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path);
        var specFile = Path.Combine(folder, Experiments.RunDirectory.SpecFile);
        var storeFile = Path.Combine(folder, Experiments.RunDirectory.StoreFile);
        InputException.Require(File.Exists(specFile) && File.Exists(storeFile),
            $"{path} is not a run directory (it needs {Experiments.RunDirectory.SpecFile} and {Experiments.RunDirectory.StoreFile}); give the folder netgeo train printed.");
        InputException.Require(step is null or >= 0, $"--step must be zero or more, got {step}.");
        var spec = RunSpec.FromJson(File.ReadAllText(specFile), specFile);
        using var store = ResultsStore.Open(storeFile);
        var run = store.Runs().LastOrDefault() ?? throw new InputException($"{storeFile} holds no run; re-run it.");
        var saved = store.CheckpointSteps(run.Id);
        long at = step ?? (saved.Count > 0 ? saved[^1] : 0);
        bool restore = at != 0 || saved.Contains(0);
        var snapshot = restore ? store.LoadCheckpoint(run.Id, at) : null;
        try
        {
            var prepared = RunExecutor.Prepare(spec);
            if (snapshot is not null) prepared.Network.Restore(snapshot);
            return new RunCheckpoint(folder, prepared, at, restore);
        }
        finally
        {
            snapshot?.Dispose();
        }
    }

    public void Dispose() => _prepared.Dispose();
}

using NetGeometry.Engine;
using NetGeometry.Networks;

namespace NetGeometry.Experiments;

/// <summary>
/// A run directory written by <c>netgeo train</c>, reopened for measurement: its spec.json rebuilds the data and the
/// network, initialized from the spec's seed (so exactly the step-0 parameters), and a checkpoint, when a step is
/// given, puts back the parameters saved at that step.
/// </summary>
public static class SavedRun
{
    public static PreparedRun Open(string directory, long? step = null)
    {
        var specPath = Path.Combine(directory, RunDirectory.SpecFile);
        InputException.Require(File.Exists(specPath),
            $"{directory} has no {RunDirectory.SpecFile}: give a run directory written by netgeo train (runs/<name>-<time>).");
        var spec = RunSpec.FromJson(File.ReadAllText(specPath), specPath);
        var prepared = RunExecutor.Prepare(spec);
        if (step is null) return prepared;
        try
        {
            var storePath = Path.Combine(directory, RunDirectory.StoreFile);
            InputException.Require(File.Exists(storePath), $"{directory} has no {RunDirectory.StoreFile}, so no checkpoints; leave out the step to use the initialization.");
            using var store = ResultsStore.Open(storePath);
            var run = store.Runs().LastOrDefault()
                ?? throw new InputException($"{storePath} holds no run; leave out the step to use the initialization.");
            using var snapshot = store.LoadCheckpoint(run.Id, step.Value);
            prepared.Network.Restore(snapshot);
            return prepared;
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }
}

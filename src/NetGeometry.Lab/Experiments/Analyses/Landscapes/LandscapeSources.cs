using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Landscapes;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Analyses.Landscapes;

/// <summary>
/// Where a landscape's model, data and trajectory come from: a run directory (its network at the last checkpoint, its
/// first training examples and loss, every checkpoint as the trajectory) or a TorchScript file (the first examples of
/// the data shaped by the input shape, as netgeo hessian --torchscript takes them). Both end as one <see cref="Model"/>.
/// Everything is checked before anything is written.
/// </summary>
internal static class LandscapeSources
{
    public static PreparedLandscape Prepare(LandscapeSpec spec)
    {
        spec.Validate();
        return spec.Run is not null ? FromRun(spec) : FromTorchScript(spec);
    }

    private static PreparedLandscape FromRun(LandscapeSpec spec)
    {
        var owned = new List<IDisposable>();
        try
        {
            var saved = SavedRun.Open(spec.Run!);
            owned.Add(saved);
            var model = saved.Network.AsModel();
            owned.Add(model);
            RequireTrajectory(model, saved.CheckpointSteps.Count + (spec.Other is null ? 0 : 1));
            var trajectory = new List<TrajectoryPoint>();
            foreach (var step in saved.CheckpointSteps)
            {
                saved.Restore(step);
                var theta = model.Values().DetachFromDisposeScope();
                owned.Add(theta);
                trajectory.Add(new TrajectoryPoint(step, theta));
            }
            InputException.Require(trajectory.Count > 0, $"the run in {saved.Directory} saved no checkpoint, so it has no final weights to draw around: train with --checkpoints log:10.");
            Tensor? other = null;
            if (spec.Other is not null)
            {
                using var second = SavedRun.At(spec.Other, null);
                using var otherModel = second.Network.AsModel();
                InputException.Require(SameParameters(otherModel, model),
                    $"--other {second.Directory} is another architecture than {saved.Directory}: the line between two final weights needs the same parameters.");
                other = otherModel.Values().DetachFromDisposeScope();
                owned.Add(other);
            }
            saved.Restore(saved.FinalStep);
            var train = saved.Data.Train;
            int count = spec.Examples is { } e ? (int)Math.Min(e, train.Count) : (int)train.Count;
            var rows = train.Rows(0, count);
            owned.Add(rows);
            var loss = TrainingBatch.Loss(saved.Loss);
            var data = Data(rows.Inputs, loss == ModelLoss.CrossEntropy ? rows.Labels! : rows.Targets, rows.Labels, loss, spec.BatchSizeFor(count));
            var output = new AnalysisSpec("landscape", saved.Directory, Settings(spec, count, saved.FinalStep));
            return new PreparedLandscape(spec, model, data, trajectory[^1].Theta, trajectory, other,
                $"checkpoint at step {saved.FinalStep} of {saved.Directory}", output, owned);
        }
        catch
        {
            foreach (var o in Enumerable.Reverse(owned)) o.Dispose();
            throw;
        }
    }

    private static PreparedLandscape FromTorchScript(LandscapeSpec spec)
    {
        var owned = new List<IDisposable>();
        try
        {
            var file = Path.GetFullPath(spec.TorchScript!);
            var model = TorchScriptFile.Load(file);
            owned.Add(model);
            RequireTrajectory(model, spec.Other is null ? 1 : 2);
            var loss = ModelLoss.Parse(spec.Loss!);
            var split = (spec.Data with { Train = spec.Examples, Test = 0 }).Load(spec.Seed);
            owned.Add(split);
            var train = split.Train;
            var targets = LossTargets.Of(loss, train, spec.Data);
            var inputs = train.ShapedInputs(spec.InputShape!).DetachFromDisposeScope();
            owned.Add(inputs);
            var final = model.Values().DetachFromDisposeScope();
            owned.Add(final);
            Tensor? other = null;
            if (spec.Other is not null)
            {
                using var second = TorchScriptFile.Load(Path.GetFullPath(spec.Other));
                InputException.Require(SameParameters(second, model),
                    $"--other {spec.Other} is another architecture than {file}: the line between two final weights needs the same parameters.");
                other = second.Values().DetachFromDisposeScope();
                owned.Add(other);
            }
            var data = Data(inputs, targets, train.Labels, loss, spec.BatchSizeFor(train.Count));
            var output = new AnalysisSpec("landscape", file, Settings(spec, train.Count, step: null));
            return new PreparedLandscape(spec, model, data, final, [], other, file, output, owned);
        }
        catch
        {
            foreach (var o in Enumerable.Reverse(owned)) o.Dispose();
            throw;
        }
    }

    /// <summary>The model's checkpoints kept as vectors fit the memory budget.</summary>
    private static void RequireTrajectory(Model model, int vectors) =>
        MemoryBudget.Require(8.0 * model.Dimension * (vectors + 4), $"{vectors} parameter vectors of {model.Dimension} values (the trajectory and the directions)");

    /// <summary>Whether two models measure parameters of the same names and shapes, in the same order.</summary>
    private static bool SameParameters(Model a, Model b) =>
        a.Parameters.Select(p => (p.Name, string.Join(",", p.Shape))).SequenceEqual(b.Parameters.Select(p => (p.Name, string.Join(",", p.Shape))));

    private static LandscapeData Data(Tensor inputs, Tensor targets, Tensor? labels, ModelLoss loss, int size)
    {
        var batches = Batch.Split(inputs, targets, size);
        return new LandscapeData(loss, batches, labels is null ? null : Batch.Split(inputs, labels, size).Select(b => b.Targets).ToList());
    }

    private static object Settings(LandscapeSpec spec, long examples, long? step) => new
    {
        Step = step, Examples = examples, BatchSize = spec.BatchSizeFor(examples), spec.Other, Planes = spec.Planes, spec.Grid, spec.Range,
        spec.LinePoints, spec.Seed, spec.MaxProducts, spec.InputShape, spec.Loss, Data = spec.TorchScript is null ? null : spec.Data,
    };
}

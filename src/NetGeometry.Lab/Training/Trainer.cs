using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training.Probes;
using static TorchSharp.torch;

namespace NetGeometry.Training;

/// <summary>
/// The training loop: full-batch or mini-batch updates by the spec's optimizer, probes at scheduled steps (step t
/// means after t updates; step 0 is initialization), checkpoints at theirs, everything handed to the recorder as soon
/// as it is measured. A NaN or Inf loss stops the run (status Diverged) and keeps what was recorded. The same seed
/// gives the same numbers: mini-batch order comes from a generator seeded by (seed, "batches").
/// </summary>
public static class Trainer
{
    public static TrainingResult Train(INetwork net, DataSplit data, TrainingSpec spec, long seed, IRunRecorder recorder,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        spec.Validate();
        var train = data.Train;
        var loss = spec.ResolveLoss(train.Labels is not null);
        CheckShapes(net, data, loss);
        long n = train.Count;
        int batch = spec.ResolveBatchSize(n);
        long stepsPerEpoch = (n + batch - 1) / batch, total = spec.ResolveSteps(n);
        var probeSteps = ProbeSchedule.Parse(spec.ProbeSchedule, total, stepsPerEpoch);
        var checkpointSteps = spec.ResolveCheckpointSteps(n).ToHashSet();
        var probes = ProbeRegistry.Create(spec.Probes);
        using var probesLifetime = ProbeRegistry.Lifetime(probes);
        foreach (var probe in probes) probe.Check(net, data);
        var parameters = net.TrainableParameters();
        InputException.Require(parameters.Count > 0, "the network has no trainable layer.");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var initial = net.Snapshot();
        using var optimizer = spec.CreateOptimizer(net, seed);
        using var batches = new MiniBatches(n, batch, Seeds.Derive(seed, "batches"));
        for (long step = 0; ; step++)
        {
            if (probeSteps.Contains(step) && Measure(step, net, data, loss, initial, probes, recorder) is { } bad)
                return End(RunStatus.Diverged, $"{bad} at step {step}; lower the learning rate", step, total, net, data, loss, clock);
            if (checkpointSteps.Contains(step))
            {
                using var snapshot = net.Snapshot();
                recorder.SaveCheckpoint(step, snapshot);
            }
            if (step == total) return End(RunStatus.Completed, null, step, total, net, data, loss, clock);
            if (cancel.IsCancellationRequested)
                return End(RunStatus.Cancelled, $"cancelled after {step} updates", step, total, net, data, loss, clock);

            using var scope = NewDisposeScope();
            var rows = batches.Next();
            var x = rows is null ? train.Inputs : train.Inputs.index_select(0, rows);
            var y = rows is null ? train.Targets : train.Targets.index_select(0, rows);
            var labels = rows is null ? train.Labels : train.Labels?.index_select(0, rows);
            var value = Loss.Compute(loss, net.TrainingForward(x), y, labels);
            double batchLoss = value.item<double>();
            if (!double.IsFinite(batchLoss))
            {
                recorder.Record(new[] { new Metric(step, "batch_loss", null, batchLoss) });
                return End(RunStatus.Diverged, $"the loss became {batchLoss} at step {step}; lower the learning rate",
                    step, total, net, data, loss, clock);
            }
            optimizer.Step(Autograd.Grad(value, parameters));
            progress?.Report(new TrainingProgress(step + 1, total, batchLoss));
        }
    }

    /// <summary>Runs every probe and records the values; returns what went wrong if a loss is not finite.</summary>
    private static string? Measure(long step, INetwork net, DataSplit data, LossKind loss, ParameterSnapshot initial,
        IReadOnlyList<IProbe> probes, IRunRecorder recorder)
    {
        using var scope = NewDisposeScope();
        using var context = new ProbeContext(step, net, data, loss, initial);
        var values = probes.SelectMany(p => p.Measure(context)).ToList();
        recorder.Record(values);
        var bad = values.FirstOrDefault(v => v.Name.EndsWith("_loss") && !double.IsFinite(v.Value));
        return bad.Name is null ? null : $"{bad.Name} became {bad.Value}";
    }

    private static TrainingResult End(RunStatus status, string? message, long steps, long total, INetwork net,
        DataSplit data, LossKind loss, System.Diagnostics.Stopwatch clock)
    {
        var final = new Dictionary<string, double>();
        using (NewDisposeScope())
        {
            foreach (var (prefix, set) in new[] { ("train", data.Train), ("test", data.Test) })
            {
                if (set is null) continue;
                var outputs = Evaluation.Outputs(net, set);
                final[$"{prefix}_loss"] = Evaluation.LossOf(loss, outputs, set);
                if (Evaluation.AccuracyOf(outputs, set) is { } accuracy) final[$"{prefix}_accuracy"] = accuracy;
            }
        }
        return new TrainingResult(status, message, steps, total, final, clock.Elapsed);
    }

    private static void CheckShapes(INetwork net, DataSplit data, LossKind loss)
    {
        var train = data.Train;
        InputException.Require(train.Count > 0, "the training set is empty.");
        InputException.Require(net.InputDim == train.InputDim,
            $"the network takes {net.InputDim} inputs but the data have {train.InputDim} features.");
        InputException.Require(data.Test is null || data.Test.InputDim == train.InputDim,
            $"the test set has {data.Test?.InputDim} features, the training set {train.InputDim}.");
        long expected = loss == LossKind.CrossEntropy ? train.ClassCount ?? 0 : train.OutputDim;
        InputException.Require(net.OutputDim == expected,
            $"the network has {net.OutputDim} outputs but the {(loss == LossKind.CrossEntropy ? "classes" : "targets")} need {expected}.");
        InputException.Require(train.Inputs.dtype == net.DType, $"the data are {train.Inputs.dtype}, the network {net.DType}.");
    }
}

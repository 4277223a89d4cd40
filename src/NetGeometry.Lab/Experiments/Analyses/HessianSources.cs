using System.Text.Json;
using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// Where the curvature matrices of a <see cref="HessianSpec"/> come from: a training run's network on its training set
/// and loss, or a PyTorch model saved as TorchScript on the first examples of a dataset (loaded as every command loads
/// it: fashion-mnist pixels are byte/255 as float64, in the file's order), reshaped to n x the input shape, run once
/// over the data (its loss). Each checks everything it loads, so a run, file, shape or loss that does not fit is refused
/// before a run directory exists.
/// </summary>
internal static class HessianSources
{
    /// <summary>The run's network at the spec's step (initialization without one) on its first training examples.</summary>
    public static PreparedHessian FromRun(HessianSpec spec)
    {
        var settings = spec.Settings();
        var runDirectory = Path.GetFullPath(spec.Run!);
        var saved = SavedRun.At(runDirectory, spec.Step ?? 0);
        Dataset? data = null;
        try
        {
            long parameters;
            using (var model = saved.Network.AsModel()) parameters = model.Dimension;
            RequireSpectrum(settings, parameters, "network");
            var train = saved.Data.Train;
            int count = spec.Examples is { } e ? (int)Math.Min(e, train.Count) : (int)train.Count;
            data = train.Rows(0, count);
            int size = spec.BatchSizeFor(count);
            var batches = data.Batches(size);
            var loss = saved.Loss;
            var json = JsonSerializer.Serialize(new
            {
                Command = "hessian", Run = runDirectory, spec.Step, Examples = count, BatchSize = size, Matrices = MetricNames(spec),
                spec.PerLayer, settings.TopK, Which = settings.End.ToString(), settings.Tolerance, settings.MaxProducts,
                settings.TraceProducts, settings.DensityProbes, settings.DensitySteps, settings.Seed, spec.Sigma, Source = saved.Spec,
            }, RunSpec.Json);
            return new PreparedHessian(spec, kind => kind.Create(saved.Network, batches, loss), count, size, batches.Count, spec.Step ?? 0,
                json, [saved, data]);
        }
        catch
        {
            data?.Dispose();
            saved.Dispose();
            throw;
        }
    }

    /// <summary>The TorchScript model on the first examples of the spec's data; <paramref name="progress"/> hears its loss.</summary>
    public static PreparedHessian FromTorchScript(HessianSpec spec, IProgress<string>? progress)
    {
        var settings = spec.Settings();
        var file = Path.GetFullPath(spec.TorchScript!);
        var shape = spec.InputShape!;
        var loss = ModelLoss.Parse(spec.Loss!);
        var model = TorchScriptFile.Load(file);
        DataSplit? split = null;
        Tensor? inputs = null;
        try
        {
            RequireSpectrum(settings, model.Dimension, "model");
            split = (spec.Data with { Train = spec.Examples, Test = 0 }).Load(settings.Seed);
            var train = split.Train;
            long features = shape.Aggregate(1L, (a, b) => a * b);
            InputException.Require(features == train.InputDim,
                $"--input-shape {string.Join(",", shape)} has {features} values per example, but each --data {spec.Data.Source} example has {train.InputDim}; give a shape whose product is {train.InputDim}.");
            var targets = LossTargets.Of(loss, train, spec.Data);
            inputs = train.Inputs.reshape([train.Count, .. shape]);
            int size = spec.BatchSizeFor(train.Count);
            var batches = Batch.Split(inputs, targets, size);
            double value = ModelObjective.Loss(model, loss, batches);
            var json = JsonSerializer.Serialize(new
            {
                Command = "hessian", TorchScript = file, InputShape = shape, Loss = loss.Name, Examples = train.Count, BatchSize = size,
                Matrices = MetricNames(spec), spec.PerLayer, settings.TopK, Which = settings.End.ToString(), settings.Tolerance, settings.MaxProducts,
                settings.TraceProducts, settings.DensityProbes, settings.DensitySteps, settings.Seed, spec.Sigma, spec.Data, train.Provenance, LossValue = value,
            }, RunSpec.Json);
            var prepared = new PreparedHessian(spec, kind => kind.Create(model, loss, batches), train.Count, size, batches.Count, 0, json,
                [model, split, inputs]);
            progress?.Report($"{Path.GetFileName(file)}, {model.Dimension} parameters, {loss.Name} loss {value:G10} on {prepared.Scope} ({train.Provenance})");
            return prepared;
        }
        catch
        {
            inputs?.Dispose();
            split?.Dispose();
            model.Dispose();
            throw;
        }
    }

    /// <summary>Refuses more eigenvalues than parameters, and a spectrum whose vectors exceed the memory budget.</summary>
    private static void RequireSpectrum(SpectrumSettings settings, long parameters, string what)
    {
        InputException.Require(settings.TopK <= parameters,
            $"--top-k {settings.TopK} asks for more eigenvalues than the {what} has trainable parameters ({parameters}); give at most {parameters}.");
        MemoryBudget.Require(settings.Bytes(parameters), $"the curvature spectrum of {parameters} parameters");
    }

    private static IEnumerable<string> MetricNames(HessianSpec spec) => spec.Kinds().Select(k => k.MetricName());
}

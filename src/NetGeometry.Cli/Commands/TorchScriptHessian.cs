using System.Text.Json;
using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo hessian --torchscript: the curvature matrices (loss Hessian, Gauss-Newton, empirical Fisher) of a PyTorch model
/// saved as TorchScript, on the first --examples
/// training examples of a dataset (loaded as every command loads it: fashion-mnist pixels are byte/255 as float64, in the
/// file's order), reshaped to n x --input-shape, with --loss over batches of --batch-size, through the operators on
/// (model, loss, batches) a run's network takes too (<see cref="CurvatureMatrices.Create(CurvatureMatrix, Model, ModelLoss, IEnumerable{Batch})"/>).
/// Every input is checked, and the model run once over the data (its loss), before the run directory is created, so a
/// file, shape or loss that does not fit leaves nothing behind.
/// </summary>
internal sealed record TorchScriptHessian(string File, DataSpec Data, int? Examples, string? InputShape, string? Loss, int? BatchSize,
    IReadOnlyList<CurvatureMatrix> Kinds, bool PerLayer)
{
    public int Measure(SpectrumSettings settings, double? sigma, string name, string outRoot, bool json)
    {
        InputException.Require(InputShape is not null, "--torchscript needs --input-shape, the shape of one example as the model takes it, e.g. 1,28,28.");
        InputException.Require(Loss is not null, "--torchscript needs --loss square or cross-entropy.");
        var shape = OptionParsing.IntList("--input-shape", InputShape).Select(d => (long)d).ToArray();
        var loss = ModelLoss.Parse(Loss!);
        using var model = TorchScriptFile.Load(File);
        InputException.Require(settings.TopK <= model.Dimension,
            $"--top-k {settings.TopK} asks for more eigenvalues than the model has trainable parameters ({model.Dimension}); give at most {model.Dimension}.");
        MemoryBudget.Require(settings.Bytes(model.Dimension), $"the curvature spectrum of {model.Dimension} parameters");

        using var split = (Data with { Train = Examples, Test = 0 }).Load(settings.Seed);
        var train = split.Train;
        long features = shape.Aggregate(1L, (a, b) => a * b);
        InputException.Require(features == train.InputDim,
            $"--input-shape {InputShape} has {features} values per example, but each --data {Data.Source} example has {train.InputDim}; give a shape whose product is {train.InputDim}.");
        InputException.Require(loss != ModelLoss.CrossEntropy || train.Labels is not null,
            $"--loss cross-entropy needs class labels, but --data {Data.Source} is a regression data set; use --loss square.");
        using var inputs = train.Inputs.reshape([train.Count, .. shape]);
        var targets = loss == ModelLoss.CrossEntropy ? train.Labels! : train.Targets;
        int size = HessianCommand.BatchSize(BatchSize, train.Count);
        var batches = Batch.Split(inputs, targets, size);
        double value = ModelObjective.Loss(model, loss, batches);
        var examples = HessianCommand.Examples(train.Count, batches.Count);
        Console.Error.WriteLine($"hessian: {Path.GetFileName(File)}, {model.Dimension} parameters, {loss.Name} loss {value:G10} on {examples} ({train.Provenance})");

        var specJson = JsonSerializer.Serialize(new
        {
            Command = "hessian", TorchScript = File, InputShape = shape, Loss = loss.Name, Examples = train.Count, BatchSize = size,
            Matrices = Kinds.Select(k => k.MetricName()), PerLayer, settings.TopK, Which = settings.End.ToString(), settings.Tolerance, settings.MaxProducts,
            settings.TraceProducts, settings.DensityProbes, settings.DensitySteps, settings.Seed, Sigma = sigma, Data, train.Provenance, LossValue = value,
        }, RunSpec.Json);
        return HessianCommand.Write(outRoot, name, specJson, (int)train.Count, size, json, output => HessianCommand.MeasureMatrices(Kinds,
            kind => kind.Create(model, loss, batches), examples, PerLayer, settings, sigma, 0, output));
    }
}

using System.CommandLine;
using NetGeometry.Data;
using NetGeometry.Experiments;
using NetGeometry.Networks;
using NetGeometry.Training;
using NetGeometry.Training.Probes;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo train: trains one network on one dataset with probes recording its geometry, and writes a run directory
/// (spec.json, results.sqlite, metrics.csv, plots/).
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train",
            "Train a network while probes record loss, accuracy, gradient norm and per-layer distance from initialization; " +
            "writes runs/<name>-<UTC time>/ with spec.json, results.sqlite, metrics.csv and plots.\n\nExamples:\n" +
            "  netgeo train --model mlp --widths 256 --data fashion-mnist --epochs 5\n" +
            "  netgeo train --model two-layer-relu --widths 1000 --data sphere --train 100 --dim 20 --optimizer gd --lr 1 --steps 500\n" +
            "  netgeo train --model two-layer-relu --widths 3000 --data sphere --train 300 --dim 3 --labels harmonics --harmonics 1:1.0,2:0.5,4:0.25 \\\n" +
            "    --optimizer gd --lr 5 --steps 300 --probes loss,residual-spectrum");
        var common = new CommonOptions();
        // Network
        var model = Opt<string>("--model", $"Network family: {string.Join(", ", NetworkSpec.Models)}.", "mlp");
        var widths = Opt<string>("--widths", "Hidden widths, e.g. 256 or 512,512 (two-layer-relu: m).", "256");
        var depth = Opt<int?>("--depth", "mlp: weight layers when one width is given (e.g. --widths 512 --depth 3 is d-512-512-o); residual-mlp: blocks.");
        var activation = Opt<string>("--activation", "relu, tanh, softplus, gelu or identity.", "relu");
        var parameterization = Opt<string>("--parameterization", "ntk (W ~ N(0,1), scaled by 1/sqrt(fan_in)) or standard (He init).", "standard");
        var noBias = Opt<bool>("--no-bias", "Dense layers without biases.");
        var trainOutput = Opt<bool>("--train-output", "two-layer-relu: train the output signs a too (default: fixed, as in Du et al.).");
        // Data
        var source = Opt<string>("--data", $"Data source: {string.Join(", ", DataSpec.Sources)}.", "sphere");
        var train = Opt<int?>("--train", "Training examples (default: 200 synthetic, 60000 fashion-mnist).");
        var test = Opt<int?>("--test", "Test examples, 0 for none (default: 0 synthetic, 10000 fashion-mnist).");
        var dim = Opt<int>("--dim", "Input dimension d of synthetic data.", 10);
        var labels = Opt<string>("--labels", "Synthetic labels: gaussian (y ~ N(0,1)), teacher (a random network) or harmonics (sphere only; see --harmonics).", "gaussian");
        var harmonics = Opt<string?>("--harmonics", "For --labels harmonics: DEGREE:COEFFICIENT pairs, e.g. 1:1.0,2:0.5,4:0.25; y = sum c_l Y_l, Y_l a unit-norm zonal harmonic of degree l.");
        var teacherWidth = Opt<int>("--teacher-width", "Hidden width of the teacher network.", 100);
        var labelNoise = Opt<double>("--label-noise", "Regression: std of added noise; classification: fraction of labels randomized.", 0.0);
        var dataDir = Opt<string>("--data-dir", "Directory with the four Fashion-MNIST IDX files.", FashionMnist.DefaultDirectory);
        var csv = Opt<string?>("--csv", "CSV file for --data csv (header row, numeric columns).");
        var targetColumn = Opt<string?>("--target-column", "CSV target column (default: the last).");
        var classification = Opt<bool>("--classification", "CSV: the target column holds class indices.");
        var classes = Opt<string?>("--classes", "Keep only these Fashion-MNIST classes, e.g. 0,6.");
        var integerTargets = Opt<bool>("--integer-targets", "Class index as one target column instead of one-hot rows.");
        var standardize = Opt<bool>("--standardize", "Standardize features with the training set's mean and std.");
        // Training
        var optimizer = Opt<string>("--optimizer", $"{string.Join(", ", TrainingSpec.Optimizers)}.", "adam");
        var lr = Opt<double?>("--lr", "Learning rate (default: 1e-3 for adam, 0.1 otherwise).");
        var momentum = Opt<double>("--momentum", "Momentum mu for --optimizer momentum.", 0.9);
        var loss = Opt<string?>("--loss", "square or cross-entropy (default: cross-entropy for classes, square otherwise).");
        var steps = Opt<int?>("--steps", "Parameter updates to make.");
        var epochs = Opt<int?>("--epochs", "Passes over the training set (instead of --steps).");
        var batchSize = Opt<int?>("--batch-size", $"Mini-batch size (default: full batch up to {TrainingSpec.FullBatchLimit} examples, else {TrainingSpec.DefaultBatchSize}).");
        var schedule = Opt<string>("--probe-schedule", "When probes run: every:K, log:N, epoch or end.", "log:30");
        var probes = Opt<string?>("--probes", $"Probes to run (default: {string.Join(",", ProbeRegistry.Defaults)}).");
        var checkpoints = Opt<string?>("--checkpoints", "When to save all parameters, same syntax as --probe-schedule (default: none).");
        var name = Opt<string>("--name", "Run name (the run directory starts with it).", "train");

        foreach (var o in new Option[] { model, widths, depth, activation, parameterization, noBias, trainOutput, source, train, test,
                     dim, labels, harmonics, teacherWidth, labelNoise, dataDir, csv, targetColumn, classification, classes, integerTargets, standardize,
                     optimizer, lr, momentum, loss, steps, epochs, batchSize, schedule, probes, checkpoints, name })
            command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var spec = new RunSpec
            {
                Name = parsed.GetValue(name)!,
                Seed = parsed.GetValue(common.Seed),
                Network = new NetworkSpec
                {
                    Model = parsed.GetValue(model)!,
                    Widths = OptionParsing.IntList("--widths", parsed.GetValue(widths)),
                    Depth = parsed.GetValue(depth),
                    Activation = parsed.GetValue(activation)!,
                    Parameterization = parsed.GetValue(parameterization)!,
                    Bias = !parsed.GetValue(noBias),
                    TrainOutput = parsed.GetValue(trainOutput),
                },
                Data = new DataSpec
                {
                    Source = parsed.GetValue(source)!,
                    Train = parsed.GetValue(train),
                    Test = parsed.GetValue(test),
                    Dim = parsed.GetValue(dim),
                    Labels = parsed.GetValue(labels)!,
                    Harmonics = OptionParsing.HarmonicTerms("--harmonics", parsed.GetValue(harmonics)),
                    TeacherWidth = parsed.GetValue(teacherWidth),
                    LabelNoise = parsed.GetValue(labelNoise),
                    DataDir = parsed.GetValue(dataDir)!,
                    CsvFile = parsed.GetValue(csv),
                    TargetColumn = parsed.GetValue(targetColumn),
                    Classification = parsed.GetValue(classification),
                    Classes = parsed.GetValue(classes) is { } c ? OptionParsing.IntList("--classes", c) : null,
                    OneHot = !parsed.GetValue(integerTargets),
                    Standardize = parsed.GetValue(standardize),
                },
                Training = new TrainingSpec
                {
                    Optimizer = parsed.GetValue(optimizer)!,
                    LearningRate = parsed.GetValue(lr),
                    Momentum = parsed.GetValue(momentum),
                    Loss = parsed.GetValue(loss),
                    Steps = parsed.GetValue(steps),
                    Epochs = parsed.GetValue(epochs),
                    BatchSize = parsed.GetValue(batchSize),
                    ProbeSchedule = parsed.GetValue(schedule)!,
                    Probes = OptionParsing.NameList(parsed.GetValue(probes)),
                    CheckpointSchedule = parsed.GetValue(checkpoints),
                },
            };
            using var prepared = RunExecutor.Prepare(spec);
            var outcome = ProgressReporter.Run($"train {spec.Network.Model}", p => RunExecutor.Execute(prepared, parsed.GetValue(common.Out)!, p));
            RunReport.Print(outcome, parsed.GetValue(common.Json));
            return outcome.Result.Status == RunStatus.Completed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static Option<T> Opt<T>(string name, string description, T? defaultValue = default)
    {
        var option = new Option<T>(name) { Description = description };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }
}

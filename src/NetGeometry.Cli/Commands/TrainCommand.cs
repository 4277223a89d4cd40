using System.CommandLine;
using NetGeometry.Data;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Retention;
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
            "  netgeo train --model cnn --channels 16,32,64 --data fashion-mnist --epochs 2 --opt cp --probes loss,accuracy,energy,orthogonality\n" +
            "  netgeo train --model two-layer-relu --widths 3000 --data sphere --train 300 --dim 3 --labels harmonics --harmonics 1:1.0,2:0.5,4:0.25 \\\n" +
            "    --optimizer gd --lr 5 --steps 300 --probes loss,residual-spectrum");
        var common = new CommonOptions();
        var network = new NetworkOptions();
        var data = new DataOptions();
        // Training
        var optimizer = Options.Create<string>("--optimizer", $"{string.Join(", ", TrainingSpec.Optimizers)}.", "adam");
        var lr = Options.Create<double?>("--lr", "Learning rate (default: 1e-3 for adam, 0.1 otherwise).");
        var momentum = Options.Create<double>("--momentum", "Momentum mu for --optimizer momentum.", 0.9);
        var loss = Options.Create<string?>("--loss", "square or cross-entropy (default: cross-entropy for classes, square otherwise).");
        var steps = Options.Create<int?>("--steps", "Parameter updates to make.");
        var epochs = Options.Create<int?>("--epochs", "Passes over the training set (instead of --steps).");
        var batchSize = Options.Create<int?>("--batch-size", $"Mini-batch size (default: full batch up to {TrainingSpec.FullBatchLimit} examples, else {TrainingSpec.DefaultBatchSize}).");
        var schedule = Options.Create<string>("--probe-schedule", "When probes run: every:K, log:N, epoch or end.", "log:30");
        var probes = Options.Create<string?>("--probes", $"Probes to run (default: {string.Join(",", ProbeRegistry.Defaults)}).");
        var checkpoints = Options.Create<string?>("--checkpoints", "When to save all parameters, same syntax as --probe-schedule (default: none).");
        var optLr = Options.Create<double?>("--opt-lr", "OGD: learning rate of R (default: --lr).");
        var ogdTolerance = Options.Create<double>("--ogd-tolerance", "OGD: re-orthonormalize R whenever ||R R^T - I||_F exceeds this.", 1e-8);
        var orPenalty = Options.Create<double>("--or-penalty", "OR: lambda of the penalty lambda ||R R^T - I||_F per OPT layer.", 0.1);
        var soptEpisode = Options.Create<int>("--sopt-episode", "S-OPT: updates per episode (each ends by folding W into V).", 200);
        var name = Options.Create<string>("--name", "Run name (the run directory starts with it).", "train");
        var keep = new KeepOption();

        network.AddTo(command);
        data.AddTo(command);
        foreach (var o in new Option[] { optimizer, lr, momentum, loss, steps, epochs, batchSize, schedule, probes, checkpoints, keep.Option, optLr, ogdTolerance, orPenalty, soptEpisode, name })
            command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var retention = CheckpointRetention.For(keep.Read(parsed));
            var spec = new RunSpec
            {
                Name = parsed.GetValue(name)!,
                Seed = parsed.GetValue(common.Seed),
                Network = network.Read(parsed),
                Data = data.Read(parsed),
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
                    OptLearningRate = parsed.GetValue(optLr),
                    OgdTolerance = parsed.GetValue(ogdTolerance),
                    OrPenalty = parsed.GetValue(orPenalty),
                    SoptEpisode = parsed.GetValue(soptEpisode),
                },
            };
            using var prepared = RunExecutor.Prepare(spec);
            var outcome = ProgressReporter.Run($"train {spec.Network.Model}", p => RunExecutor.Execute(prepared, parsed.GetValue(common.Out)!, p, retention: retention));
            RunReport.Print(outcome, parsed.GetValue(common.Json));
            return outcome.Result.Status == RunStatus.Completed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}

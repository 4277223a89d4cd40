using System.Globalization;
using NetGeometry.WeightSpectra;
using System.Text.Json.Nodes;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// "Are all layers created equal?" (Zhang, Bengio &amp; Singer 2019, Sec. 3 and Fig. 1-2): a fully connected net with
/// three hidden layers of 256 and a residual MLP are trained on Fashion-MNIST, with SGD (the paper's optimizer) and with
/// Adam, on several seeds, with checkpoints at log-spaced steps; then each layer in turn is re-randomized (a fresh draw
/// from its initializer) or re-initialized to its value at a checkpoint (all other layers final, no retraining) and the
/// test error measured (<see cref="SensitivityAnalysis"/> on each cell's run directory), beside each trained layer's weight-spectrum
/// exponent alpha (Martin &amp; Mahoney; <see cref="WeightSpectrum"/>); the reinit probe measures the
/// re-initialization to step 0 at every epoch of training. Per optimizer, five claims (re-randomization gives chance;
/// the first layer is critical; the upper hidden layers are robust at every epoch; they moved less than the first; the
/// residual MLP has more robust layers), each decided on its 95% t interval over the seeds; two checks that the reopened
/// runs and the probe agree with the recorded training.
/// </summary>
public sealed class LayersEqual : IReproduction
{
    /// <summary>The two networks: an MLP of <see cref="Depth"/> weight layers (3 hidden of <see cref="Width"/>, then the
    /// output layer) and a residual MLP of <see cref="Depth"/> blocks of that width (input projection, blocks, output layer).</summary>
    public const string Fcn = "mlp", Residual = "residual-mlp";
    public const int Width = 256, Depth = 4;

    /// <summary>Ten balanced classes: chance error is 0.9; "close to chance" means an error of at least 0.8.</summary>
    public const double NearChance = 0.8;

    /// <summary>A layer is robust when re-initializing it to its initial value raises the test error by less than this.</summary>
    public const double RobustRise = 0.05;

    /// <summary>"Much more": the first layer's rise exceeds the largest upper-layer rise by at least this.</summary>
    public const double FirstLayerMargin = 0.1;

    /// <summary>Re-randomization draws per layer (Zhang et al.'s re-randomization robustness averages over draws).</summary>
    public const int Draws = 3;

    public const string Movement = "relative_distance_from_init";

    /// <summary>The seeds of every profile (each seeds the network, the data subset and the re-randomization draws).</summary>
    internal static readonly long[] Seeds = [0, 1, 2];

    /// <summary>An optimizer profile: its label in claim names and the spec's optimizer and learning rate.</summary>
    internal sealed record OptimizerProfile(string Label, string Optimizer, double LearningRate, string Text);

    /// <summary>SGD (with heavy-ball momentum 0.9; the paper trains with SGD) and Adam. Adam was the first optimizer of this
    /// reproduction, chosen after SGD (lr 0.02, 2,000 images, 5 epochs) gave a margin near the robustness threshold (layer2
    /// +0.045): its lines are marked as fixed after seeing data.</summary>
    internal static readonly OptimizerProfile[] Optimizers =
    [
        new("sgd", "momentum", 0.02, "SGD with momentum 0.9, lr 0.02"),
        new("adam", "adam", 1e-3, "Adam, lr 1e-3"),
    ];

    /// <summary>The label of the optimizer profile a cell was trained with.</summary>
    internal static string OptimizerOf(CellResult cell) =>
        Optimizers.Single(o => o.Optimizer == cell.Cell.Spec.Training.Optimizer).Label;

    public string Name => "layers-equal";
    public string Description => "Zhang, Bengio & Singer's layer robustness: each layer of an FCN and of a residual MLP re-randomized and re-initialized, after SGD and after Adam training, over seeds.";
    public string Paper => "Zhang, Bengio & Singer, Are all layers created equal?, JMLR 23 (2022), arXiv 1902.01996";

    /// <remarks>The analysis reads every checkpoint back: each is a column of the robustness heatmap.</remarks>
    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 2000, test: 1000, epochs: 3, checkpoints: 2),
            $"Quick: 2,000 Fashion-MNIST training images and 1,000 test images (the paper: all of MNIST), {Optimizers[0].Text} and " +
            $"{Optimizers[1].Text}, batches of 64, for 3 epochs (the paper: SGD to convergence), {Seeds.Length} seeds ({Seeds.Length * 4} runs), " +
            "3 checkpoints log-spaced in the step (the heatmap's columns), the reinit probe at every epoch.", CheckpointUse.All)
        : new ReproductionPlan(Sweep($"{Name}-full", train: 60000, test: 10000, epochs: 20, checkpoints: 12),
            $"Full: all 60,000 Fashion-MNIST training images and the 10,000 test images, {Optimizers[0].Text} and {Optimizers[1].Text}, " +
            $"batches of 64, for 20 epochs, {Seeds.Length} seeds ({Seeds.Length * 4} runs), 13 checkpoints log-spaced in the step, the reinit " +
            "probe at every epoch. Scaled down: Fashion-MNIST for MNIST, 20 epochs without a schedule for training to convergence, no " +
            "CIFAR-10 VGGs and ResNets (out of reach on 2 CPU cores).", CheckpointUse.All);

    private static ExperimentSpec Sweep(string name, int train, int test, int epochs, int checkpoints) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = Fcn, Widths = [Width], Depth = Depth },
            Data = new Data.DataSpec { Source = "fashion-mnist", Train = train, Test = test },
            Training = new TrainingSpec
            {
                Loss = "cross-entropy", Epochs = epochs, BatchSize = 64,
                Probes = ["loss", "accuracy", "distance", "reinit"], ProbeSchedule = "epoch", CheckpointSchedule = $"log:{checkpoints}",
            },
        },
        // Seeds vary slowest: a sweep stopped early has both optimizers and both networks of its first seeds.
        [SweepAxis.Of("seed", Seeds),
         new SweepAxis("training", Optimizers.Select(o => (JsonNode)new JsonObject { ["optimizer"] = o.Optimizer, ["learningRate"] = o.LearningRate }).ToList()),
         SweepAxis.Of("network.model", Fcn, Residual)],
        name);

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var runs = results.Completed.Select(cell => Measure(results, cell)).ToList();
        var claims = Optimizers.SelectMany(o => LayersEqualClaims.Of(o, runs.Where(r => r.Optimizer == o.Label).ToList()))
            .Concat(LayersEqualClaims.Checks(runs)).ToList();
        return new ReproductionAnalysis(LayersEqualFigures.Of(runs), claims);
    }

    /// <summary>A completed cell with its robustness table, from its run directory.</summary>
    private static LayersEqualRun Measure(SweepResults results, CellResult cell)
    {
        using var run = SavedRun.Open(Path.Combine(results.Directory, cell.Run.Folder!));
        var table = SensitivityAnalysis.Measure(run, new SensitivityOptions { Draws = Draws, Seed = cell.Cell.Spec.Seed });
        run.Restore(run.FinalStep);
        using var model = run.Network.AsModel();
        var alpha = WeightSpectrum.PerLayer(model).Where(l => l.PowerLaw is not null).ToDictionary(l => l.Layer, l => l.PowerLaw!.Alpha);
        return new LayersEqualRun(cell, table, alpha);
    }

    /// <summary>A value as the claims print it.</summary>
    internal static string Text(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A rise as text: no '+' sign, which JSON encoders escape differently (stdout and claims.jsonl must agree).</summary>
    internal static string Signed(double value) => value.ToString("0.###;-0.###;0", CultureInfo.InvariantCulture);
}

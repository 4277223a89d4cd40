using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Sensitivity;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// "Are all layers created equal?" (Zhang, Bengio &amp; Singer 2019, Sec. 3 and Fig. 1-2): a fully connected net with
/// three hidden layers of 256 and a residual MLP are trained on Fashion-MNIST with checkpoints at log-spaced steps;
/// then each layer in turn is re-randomized (a fresh draw from its initializer) or re-initialized to its value at a
/// checkpoint (all other layers final, no retraining) and the test error measured (<see cref="SensitivityAnalysis"/>
/// on each cell's run directory). Claims: re-randomizing any FCN layer sends its test error to chance; re-initializing
/// the first layer hurts far more than any upper layer; the upper hidden layers moved less from their initialization
/// than the first; more of the residual MLP's layers are robust than of the FCN's.
/// </summary>
public sealed class LayersEqual : IReproduction
{
    /// <summary>The two networks, the one swept field: an MLP of <see cref="Depth"/> weight layers (3 hidden of
    /// <see cref="Width"/>, then the output layer) and a residual MLP of <see cref="Depth"/> blocks of that width
    /// (input projection, blocks, output layer).</summary>
    public const string Fcn = "mlp", Residual = "residual-mlp";
    public const int Width = 256, Depth = 4;

    /// <summary>Ten balanced classes: chance error is 0.9; "close to chance" means an error of at least 0.8.</summary>
    public const double NearChance = 0.8;

    /// <summary>A layer is robust when re-initializing it to its step-0 value raises the test error by less than this.</summary>
    public const double RobustRise = 0.05;

    /// <summary>"Much more": the first layer's rise exceeds the largest upper-layer rise by at least this.</summary>
    public const double FirstLayerMargin = 0.1;

    /// <summary>Re-randomization draws per layer (Zhang et al.'s re-randomization robustness averages over draws).</summary>
    public const int Draws = 3;

    public const string Movement = "relative_distance_from_init";

    public string Name => "layers-equal";
    public string Description => "Layers are not equal: in an FCN only the first layer is critical to re-initialization, every layer to re-randomization; a residual MLP has more robust layers.";
    public string Paper => "Zhang, Bengio & Singer, Are all layers created equal?, JMLR 23 (2022), arXiv 1902.01996";

    /// <remarks>The analysis reads every checkpoint back: each is a column of the robustness heatmap. The claims read
    /// only the first (initialization) and the last, so the quick profile draws fewer columns to store fewer checkpoints.</remarks>
    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 4000, test: 2000, epochs: 6, checkpoints: 2),
            "Quick: 4,000 Fashion-MNIST training images and 2,000 test images (the paper: all of MNIST), Adam (lr 1e-3, " +
            "batches of 64) for 6 epochs (the paper: SGD to convergence), 3 checkpoints log-spaced in the step (the heatmap's " +
            "columns; the claims read the first and the last); one seed. " +
            "About a minute on 2 cores.", CheckpointUse.All)
        : new ReproductionPlan(Sweep($"{Name}-full", train: 60000, test: 10000, epochs: 20, checkpoints: 12),
            "Full: all 60,000 Fashion-MNIST training images and the 10,000 test images, Adam (lr 1e-3, batches of 64) for " +
            "20 epochs, 13 checkpoints log-spaced in the step; one seed (the paper trains with SGD to convergence and also " +
            "reports CIFAR-10 VGGs and ResNets, which are out of reach on 2 CPU cores).", CheckpointUse.All);

    private ExperimentSpec Sweep(string name, int train, int test, int epochs, int checkpoints) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = Fcn, Widths = [Width], Depth = Depth },
            Data = new DataSpec { Source = "fashion-mnist", Train = train, Test = test },
            Training = new TrainingSpec
            {
                Optimizer = "adam", LearningRate = 1e-3, Loss = "cross-entropy", Epochs = epochs, BatchSize = 64,
                Probes = ["loss", "accuracy", "distance"], ProbeSchedule = "epoch", CheckpointSchedule = $"log:{checkpoints}",
            },
        },
        [SweepAxis.Of("network.model", Fcn, Residual)],
        name);

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var fcn = Measure(results, Fcn);
        var residual = Measure(results, Residual);
        var figures = new List<Figure>();
        if (fcn is not null) figures.Add(HeatmapFigure("heatmap-fcn", "FCN (3 x 256)", fcn));
        if (residual is not null) figures.Add(HeatmapFigure("heatmap-residual", $"residual MLP ({Depth} blocks of {Width})", residual));
        figures.Add(MovementFigure(results));
        return new ReproductionAnalysis(figures,
            [ChanceClaim(fcn), FirstLayerClaim(fcn), MovementClaim(results.Completed.FirstOrDefault(c => c.Cell.Spec.Network.Model == Fcn)), RobustClaim(fcn, residual)]);
    }

    /// <summary>The robustness table of the completed cell of <paramref name="model"/>, from its run directory (null when
    /// the cell did not complete).</summary>
    private static Measured? Measure(SweepResults results, string model)
    {
        var cell = results.Completed.FirstOrDefault(c => c.Cell.Spec.Network.Model == model);
        if (cell?.Run.Folder is not { } folder) return null;
        using var run = SavedRun.Open(Path.Combine(results.Directory, folder));
        var table = SensitivityAnalysis.Measure(run, new SensitivityOptions { Draws = Draws, Seed = cell.Cell.Spec.Seed });
        return new Measured(table, run.StepsPerEpoch);
    }

    private sealed record Measured(SensitivityMatrix Table, long StepsPerEpoch)
    {
        /// <summary>The rise of the test error when layer l is re-initialized to step 0 (Zhang et al.'s "re-initialization
        /// robustness" at tau = 0): Reinitialized[l, 0] - Baseline.</summary>
        public double Rise(int layer) => Table.Reinitialized[layer, 0] - Table.Baseline;

        public IEnumerable<double> Rises => Enumerable.Range(0, Table.Layers.Count).Select(Rise);

        public int RobustLayers => Rises.Count(r => r < RobustRise);

        public double RobustFraction => (double)RobustLayers / Table.Layers.Count;
    }

    private static Claim ChanceClaim(Measured? fcn)
    {
        double lowest = fcn is null ? double.NaN : Enumerable.Range(0, fcn.Table.Layers.Count).Min(l => fcn.Table.Matrix[l, 0]);
        return Claim.InRange("reinit-near-chance",
            $"re-randomizing any one layer of the FCN brings its test error close to chance (0.9 for 10 classes): the lowest error over layers, each the mean of {Draws} fresh draws",
            lowest, new Interval(NearChance, 1), null, $"close to chance: at least {Text(NearChance)}");
    }

    private const string FirstLayerName = "first-layer-critical", MovementName = "upper-layers-move-less", RobustName = "residual-more-robust";

    private static Claim FirstLayerClaim(Measured? fcn)
    {
        if (fcn is null) return new Claim(FirstLayerName, "re-initializing the first FCN layer hurts much more than re-initializing any upper layer", double.NaN, null, "no FCN run", false);
        var rises = fcn.Rises.ToList();
        var upper = string.Join(", ", fcn.Table.Layers.Skip(1).Zip(rises.Skip(1), (l, r) => $"{l} {Signed(r)}"));
        return Claim.InRange(FirstLayerName,
            $"re-initializing the first FCN layer to its initial value raises the test error much more than re-initializing any upper layer " +
            $"(rises from {Text(fcn.Table.Baseline)}: {fcn.Table.Layers[0]} {Signed(rises[0])}; {upper}): the rise of the first layer minus the largest upper rise",
            rises[0] - rises.Skip(1).Max(), new Interval(FirstLayerMargin, 1), null, $"much more: at least {Text(FirstLayerMargin)}");
    }

    /// <summary>The upper hidden layers are the FCN's weight layers between the first and the output layer; the output
    /// layer's movement is reported in the statement but is not part of the claim.</summary>
    private static Claim MovementClaim(CellResult? fcn)
    {
        const string statement = "the upper hidden layers of the FCN moved less from their initialization than the first (relative distance ||W_T - W_0|| / ||W_0||): the largest upper ratio over the first";
        if (fcn is null) return new Claim(MovementName, statement, double.NaN, null, "no FCN run", false);
        var layers = Enumerable.Range(1, Depth).Select(l => $"layer{l}").ToList();
        var moved = layers.Select(l => fcn.Final(Movement, l)).ToList();
        var hidden = moved.Skip(1).Take(Depth - 2).ToList();
        var all = string.Join(", ", layers.Zip(moved, (l, d) => $"{l} {Text(d)}"));
        return new Claim(MovementName, $"{statement} ({all}; the output layer {layers[^1]} is not an upper hidden layer)",
            hidden.Max() / moved[0], null, "less than 1", hidden.Max() / moved[0] < 1);
    }

    private static Claim RobustClaim(Measured? fcn, Measured? residual)
    {
        string statement = $"more layers of the residual MLP than of the FCN are robust (re-initializing the layer to step 0 raises the test error by less than {Text(RobustRise)})";
        if (fcn is null || residual is null) return new Claim(RobustName, statement, double.NaN, null, "both runs", false);
        double difference = residual.RobustFraction - fcn.RobustFraction;
        return new Claim(RobustName,
            $"{statement}: residual MLP {residual.RobustLayers} of {residual.Table.Layers.Count}, FCN {fcn.RobustLayers} of {fcn.Table.Layers.Count}; " +
            "the robust fraction of the residual MLP minus that of the FCN",
            difference, null, "more than 0", difference > 0);
    }

    /// <summary>The layers x (1 + checkpoints) heatmap; its chart (for the CSV) holds the same numbers, one series per layer,
    /// x the heatmap's column.</summary>
    private static Figure HeatmapFigure(string id, string network, Measured measured)
    {
        var table = measured.Table;
        var matrix = table.Matrix;
        var epochs = string.Join(", ", table.CheckpointSteps.Select(s => Text((double)s / measured.StepsPerEpoch)));
        var series = table.Layers.Select((layer, l) => new ChartSeries(layer,
            Enumerable.Range(0, matrix.GetLength(1)).Select(c => (double)c).ToList(),
            Enumerable.Range(0, matrix.GetLength(1)).Select(c => matrix[l, c]).ToList())).ToList();
        return new Figure(id, $"Layer robustness of the {network}",
            $"Test error (1 - accuracy on {table.DataName}) of the trained {network} with one layer changed, rows the layers from the input " +
            $"up, the first column the layer re-randomized (mean of {Draws} fresh draws from its initializer), then the layer re-initialized to its " +
            $"value at the checkpoints at epochs {epochs}; the unchanged network's error is {Text(table.Baseline)}. A robust layer's row stays at " +
            "that error, a critical layer's row rises towards chance (0.9).",
            new Chart(new ChartAxis("column (0: re-randomized; 1 on: re-initialized to the checkpoints in order)", AxisScale.Linear),
                new ChartAxis("test error (1 - accuracy)", AxisScale.Linear), series))
        { Heatmap = new HeatmapDrawing(table, measured.StepsPerEpoch) };
    }

    /// <summary>The relative distance of each layer from its initialization at the end of training, layers in network
    /// order, one line per network.</summary>
    private static Figure MovementFigure(SweepResults results)
    {
        var series = results.Completed.Select(cell =>
        {
            var layers = cell.Metrics.Where(m => m.Name == Movement && m.Layer is not null).Select(m => m.Layer!).Distinct().ToList();
            return new ChartSeries(cell.Cell.Spec.Network.Model == Fcn ? "FCN (3 x 256)" : $"residual MLP ({Depth} blocks)",
                Enumerable.Range(1, layers.Count).Select(i => (double)i).ToList(), layers.Select(l => cell.Final(Movement, l)).ToList());
        }).ToList();
        return new Figure("movement-by-layer", "How far each layer moved from its initialization",
            "||W_T - W_0||_F / ||W_0||_F of each layer (weight and bias) after training, layers numbered from the input (FCN: layer1 to layer4 = output; " +
            $"residual MLP: input projection, block1 to block{Depth}, output). Zhang et al.: robust layers hardly move; critical ones move.",
            new Chart(new ChartAxis("layer (1 = next to the input)", AxisScale.Linear), new ChartAxis("relative distance from initialization (ratio)", AxisScale.Linear), series));
    }

    private static string Text(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A rise as text: no '+' sign, which JSON encoders escape differently (stdout and claims.jsonl must agree).</summary>
    private static string Signed(double value) => value.ToString("0.###;-0.###;0", CultureInfo.InvariantCulture);
}

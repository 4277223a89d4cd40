using System.Globalization;
using System.Text.Json.Nodes;
using NetGeometry.Engine;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;
using NetGeometry.Reporting;
using NetGeometry.Statistics;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Orthogonal over-parameterized training (Liu et al., CVPR 2021, Sec. 3): an OPT layer keeps its random neurons V
/// frozen and learns an orthogonal Q = Q(R), W = V Q^T, so every angle between neurons, hence the hyperspherical energy
/// E_s = sum_{i != j} f_s(||w^_i - w^_j||) (MHE, Liu et al. 2018, Eq. 1), stays at its initialization value, while
/// standard training moves it. Fashion-MNIST, an MLP and the small CNN, trained normally and with OPT by every method
/// (the six maps R -> Q, OGD, OR and S-OPT) from the same seeds with the same budget. The claims are the paper's on
/// generalization, each map against the baseline and S-OPT against its map, paired by seed (<see cref="Opt2021Accuracy"/>);
/// the energy kept, ||Q Q^T - I||_F, OGD's drift, the baseline's moving energy and the maps' common function class are
/// checks: true by construction when the code is right (an orthogonal map keeps every angle; OGD re-orthonormalizes).
/// </summary>
public sealed class Opt2021 : IReproduction
{
    public static readonly long[] Seeds = [0, 1, 2];

    /// <summary>The label of cells trained without OPT.</summary>
    public const string Standard = "standard";

    /// <summary>The fraction of coordinates S-OPT rotates per episode (the reference code's quarter) and its map.</summary>
    public const double SoptFraction = 0.25;
    public const string SoptMethod = "cp";

    /// <summary>The label of cells trained by S-OPT.</summary>
    internal const string Sopt = "s-opt";

    /// <summary>The bounds of the claims (float64): energy kept to 1e-9 relative, Q orthogonal to 1e-10, and
    /// "measurably" moved meaning at least 1000 times the OPT bound.</summary>
    public const double EnergyTolerance = 1e-9, OrthogonalityTolerance = 1e-10, MeasurableEnergyChange = 1e-6;

    /// <summary>The size of the R and V the function-class comparison draws (the quick MLP's OPT layers' D and N).</summary>
    public const int ComparisonDim = 32;

    public string Name => "opt2021";
    public string Description => "Does OPT (each map R -> Q) generalize better than standard training, and S-OPT better than OPT? Paired by seed; the energy and orthogonality OPT keeps are checks.";
    public string Paper => "Liu, Lin, Liu, Rehg, Paull, Xiong, Song & Weller, Orthogonal over-parameterized training, CVPR 2021 (arXiv 2004.04690)";

    /// <summary>
    /// The methods, in the order cells run (cheapest and most needed first, so a sweep cut short still has the
    /// baseline and the fastest exact methods): standard training, the maps, OGD, OR, S-OPT.
    /// </summary>
    private static readonly string[] AllMethods = [Standard, "cp", "hr", "ns", "ls", "exp", "gs", "ogd", "or", "s-opt"];

    private sealed record Arch(string Name, JsonObject Fields, string[]? OptLayers, string[] Methods);

    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 2000, test: 1000, batch: 64, steps: 200, probeEvery: 50, episode: 50,
            [
                new("mlp", Fields("mlp", [32, 32, 32], null), ["layer2", "layer3"], AllMethods),
                new("cnn", Fields("cnn", [], [4, 8]), null, AllMethods[..3]),
            ]),
            "Quick: 2,000 training and 1,000 test images, Adam at 1e-3, batch 64, 200 updates, 3 seeds. Scaled down to fit about a minute: " +
            "the MLP is 784-32-32-32-10 with OPT on its two 32 x 32 hidden layers (layer1's D = 784 would make every map tens to hundreds of " +
            "times slower than a standard step), the CNN has two stages of 4 and 8 channels and a linear classifier (OPT on both conv layers) " +
            "and runs standard training, CP and HR only (float64 convolutions dominate its cost; every method runs on the MLP).")
        : new ReproductionPlan(Sweep($"{Name}-full", train: 60000, test: 10000, batch: 128, steps: 4690, probeEvery: 469, episode: 100,
            [
                new("mlp", Fields("mlp", [256, 256, 256], null), ["layer2", "layer3"], AllMethods),
                new("cnn", Fields("cnn", [], [16, 32]), null, AllMethods),
            ]),
            "Full: all 60,000 training and 10,000 test images, Adam at 1e-3, batch 128, 4,690 updates (10 epochs), 3 seeds. The paper trains " +
            "its CIFAR nets to convergence with momentum SGD and a decayed rate; scaled to Fashion-MNIST, 10 epochs of Adam at 1e-3 (the trainer " +
            "has no rate schedule); that test accuracy has levelled off by then is assumed, not tested. The MLP is " +
            "784-256-256-256-10 with OPT on its two 256 x 256 hidden layers (layer2, layer3; OPT on layer1's D = 784 would make gs, exp, ls " +
            "and ns cells 10 to 40 minutes each on 2 cores, hours for the profile), the CNN two stages of 16 and 32 channels and a linear " +
            "classifier, OPT on both conv layers; every method on both. Far below the paper's CIFAR/ImageNet scale and epochs.");

    private static JsonObject Fields(string model, int[] widths, int[]? channels)
    {
        var fields = new JsonObject { ["model"] = model, ["widths"] = new JsonArray(widths.Select(w => (JsonNode)w).ToArray()) };
        if (channels is not null) fields["channels"] = new JsonArray(channels.Select(c => (JsonNode)c).ToArray());
        return fields;
    }

    /// <summary>One network per (architecture, method), interleaved by method so both architectures' baselines come first.</summary>
    private static JsonObject Network(Arch architecture, string method)
    {
        var network = (JsonObject)architecture.Fields.DeepClone();
        if (method == Standard) return network;
        network["opt"] = method == Sopt ? SoptMethod : method;
        if (architecture.OptLayers is not null) network["optLayers"] = new JsonArray(architecture.OptLayers.Select(l => (JsonNode)l).ToArray());
        if (method == Sopt) network["soptFraction"] = SoptFraction;
        return network;
    }

    private static ExperimentSpec Sweep(string name, int train, int test, int batch, int steps, int probeEvery, int episode, Arch[] architectures)
    {
        var networks = AllMethods.SelectMany(m => architectures.Where(a => a.Methods.Contains(m)).Select(a => (JsonNode)Network(a, m))).ToList();
        return new ExperimentSpec(
            new RunSpec
            {
                Name = name,
                Data = new Data.DataSpec { Source = "fashion-mnist", Train = train, Test = test },
                Training = new TrainingSpec
                {
                    Optimizer = "adam", LearningRate = 1e-3, BatchSize = batch, Steps = steps, SoptEpisode = episode,
                    Probes = ["energy", "orthogonality"], ProbeSchedule = $"every:{probeEvery}",
                },
            },
            [new SweepAxis("network", networks), SweepAxis.Of("seed", Seeds)],
            name);
    }

    /// <summary>standard, a map's name, ogd, or, or s-opt: how the cell was trained.</summary>
    public static string Method(CellResult cell) => Method(cell.Cell.Spec.Network);

    /// <summary>standard, a map's name, ogd, or, or s-opt: how a network of the plan is trained.</summary>
    internal static string Method(NetworkSpec network) => network switch
    {
        { Opt: null } => Standard,
        { SoptFraction: not null } => Sopt,
        var n => n.Opt!,
    };

    public static string Architecture(CellResult cell) => cell.Cell.Spec.Network.Model;

    /// <summary>The maps R -> Q and S-OPT by a map: the methods that keep Q orthogonal exactly.</summary>
    public static bool IsExact(string method) => method == Sopt || OrthogonalMethods.Maps.Contains(method);

    /// <summary>The OPT layers of a cell: those whose orthogonality error was recorded.</summary>
    private static IEnumerable<string> OptLayers(CellResult cell) =>
        cell.Metrics.Where(m => m.Name == "orthogonality_error").Select(m => m.Layer!).Distinct();

    /// <summary>max_t |E(t) - E(0)| / |E(0)| of one recorded energy of one layer (NaN if never recorded).</summary>
    private static double RelativeChange(CellResult cell, string metric, string layer)
    {
        var series = cell.Series(metric, layer);
        return series.Count == 0 ? double.NaN : series.Max(m => Math.Abs(m.Value - series[0].Value) / Math.Abs(series[0].Value));
    }

    private static IEnumerable<string> EnergyMetrics(CellResult cell) => cell.Metrics.Select(m => m.Name).Where(n => n.StartsWith("energy_")).Distinct();

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var cells = results.Completed.ToList();
        var exact = cells.Where(c => IsExact(Method(c))).ToList();
        var lines = Opt2021Accuracy.Claims(results).ToList();
        lines.AddRange([EnergyKept(exact), EnergyMovedByStandardTraining(cells), OrthogonalityKept(exact), OgdDriftBounded(cells), SameFunctionClass()]);
        return new ReproductionAnalysis(Figures(cells), lines);
    }

    /// <summary>How many seeds a line over these cells rests on.</summary>
    private static int SeedCount(IEnumerable<CellResult> cells) => cells.Select(c => c.Cell.Spec.Seed).Distinct().Count();

    /// <summary>A check: an orthogonal map keeps every angle between neurons, so the energy cannot move beyond round-off
    /// unless the code is wrong.</summary>
    private static Claim EnergyKept(List<CellResult> exact)
    {
        var changes = exact.SelectMany(c => OptLayers(c).SelectMany(l => EnergyMetrics(c).Select(e => RelativeChange(c, e, l)))).ToList();
        double worst = changes.Count == 0 ? double.NaN : changes.Max();
        return Claim.InRange("opt-energy-kept",
            $"for every exact method ({string.Join(", ", exact.Select(Method).Distinct())}), every OPT layer's hyperspherical energies " +
            "(s = 0, 1, 2, angular, half-space) stay at their initial values through training: the largest max_t |E(t) - E(0)| / E(0) " +
            $"over {exact.Count} runs",
            worst, new Interval(0, EnergyTolerance), null, "an orthogonal map keeps every angle: round-off").AsCheck().OnSeeds(SeedCount(exact));
    }

    /// <summary>A check of the probe rather than a claim: any update that is not a rotation of the neurons moves some angle, so
    /// a baseline whose energy stays put means the probe reads stale weights (which would also make <see cref="EnergyKept"/> vacuous).</summary>
    private static Claim EnergyMovedByStandardTraining(List<CellResult> cells)
    {
        var standard = cells.Where(c => Method(c) == Standard).ToList();
        var changes = standard.SelectMany(c =>
        {
            var layers = cells.Where(o => Architecture(o) == Architecture(c)).SelectMany(OptLayers).Distinct();
            return layers.Select(l => RelativeChange(c, "energy_s1", l));
        }).ToList();
        double least = changes.Count == 0 || changes.Any(double.IsNaN) ? double.NaN : changes.Min();
        return Claim.InRange("standard-energy-moves",
            $"the energy probe sees standard training move the same layers' energy: the smallest max_t |E_1(t) - E_1(0)| / E_1(0) over {changes.Count} " +
            "(run, layer) pairs of the baseline",
            least, new Interval(MeasurableEnergyChange, double.PositiveInfinity), null, "at least 1000 times the OPT bound").AsCheck().OnSeeds(SeedCount(standard));
    }

    private static double LargestError(IEnumerable<CellResult> cells)
    {
        var errors = cells.SelectMany(c => c.Metrics).Where(m => m.Name == "orthogonality_error").Select(m => m.Value).ToList();
        return errors.Count == 0 ? double.NaN : errors.Max();
    }

    /// <summary>A check: every map returns an orthogonal Q by construction.</summary>
    private static Claim OrthogonalityKept(List<CellResult> exact) => Claim.InRange("orthogonality-kept",
        $"every exact method keeps ||Q Q^T - I||_F at round-off: the largest value recorded over {exact.Count} runs, every OPT layer and probed step",
        LargestError(exact), new Interval(0, OrthogonalityTolerance), null, "float64 round-off").AsCheck().OnSeeds(SeedCount(exact));

    /// <summary>A check: the optimizer re-orthonormalizes R whenever its error exceeds the tolerance, so the recorded error
    /// stays below it by construction.</summary>
    private static Claim OgdDriftBounded(List<CellResult> cells)
    {
        var ogd = cells.Where(c => Method(c) == "ogd").ToList();
        var or = cells.Where(c => Method(c) == "or").ToList();
        double tolerance = ogd.Select(c => c.Cell.Spec.Training.OgdTolerance).DefaultIfEmpty(double.NaN).Max();
        var energy = ogd.SelectMany(c => OptLayers(c).Select(l => RelativeChange(c, "energy_s1", l))).DefaultIfEmpty(double.NaN).Max();
        return Claim.InRange("ogd-drift-corrected",
            $"OGD's drift off the orthogonal group (two fixed-point iterations of the Cayley retraction) is corrected whenever it exceeds the tolerance " +
            $"{Text(tolerance)}: the largest ||R R^T - I||_F recorded over {ogd.Count} OGD runs (their energy_s1 moves by up to {Text(energy)} relative; " +
            $"OR's soft penalty lets R stray to {Text(LargestError(or))})",
            LargestError(ogd), new Interval(0, tolerance), null, "at most the re-orthonormalization tolerance").AsCheck().OnSeeds(SeedCount(ogd));
    }

    /// <summary>A check: algebra on one random R and V (one draw, seed 0), no training.</summary>
    private static Claim SameFunctionClass()
    {
        using var scope = NewDisposeScope();
        var generator = Engine.Seeds.Generator(Engine.Seeds.Derive(0, "opt2021-function-class"));
        var r = randn(ComparisonDim, ComparisonDim, generator: generator, dtype: float64);
        var v = randn(ComparisonDim, ComparisonDim, generator: generator, dtype: float64);
        var comparison = FunctionClassComparison.Of(r, v);
        return Claim.InRange("same-function-class",
            $"all exact methods give the same function class: from one R and V ({ComparisonDim} x {ComparisonDim}, N(0, 1)), every W = V Q^T has " +
            $"W W^T = V V^T (all norms and angles; largest relative deviation {Text(comparison.GramDeviation)}), and the maps agree where their " +
            "definitions do (LS = NS, the polar factor; GS = the QR factor of R^T; CP and EXP of the same skew S commute); " +
            $"maps defined differently give different Q (closest pair {comparison.ClosestPair}: ||Q_a - Q_b||_F = {Text(comparison.SmallestDifference)}); " +
            "measured: the largest deviation",
            comparison.Deviation, new Interval(0, OrthogonalityTolerance), null, "float64 round-off").AsCheck().OnSeeds(1);
    }

    private static IReadOnlyList<Figure> Figures(List<CellResult> cells)
    {
        var methods = AllMethods.Where(m => cells.Any(c => Method(c) == m)).ToList();
        var methodAxis = new ChartAxis($"method ({string.Join(", ", methods.Select((m, i) => $"{i + 1} {m}"))})", AxisScale.Linear);
        var figures = new List<Figure>
        {
            PerMethodFigure("test-accuracy", "Test accuracy per method",
                "Final test accuracy of each method on each architecture: the mean over seeds (points) and its 95% t confidence interval (bars), " +
                "every method with the same data, seeds and number of updates.",
                cells, methods, methodAxis, c => c.Summaries["test_accuracy"], new ChartAxis("test accuracy (fraction)", AxisScale.Linear)),
            PerMethodFigure("time-per-step", "Time per update per method",
                "Wall-clock seconds of a run divided by its updates (probes and the final evaluation included), mean over seeds with its 95% CI; " +
                "measured on a shared machine, so read the ratios. Every map does O(D^3) work per OPT layer per update.",
                cells, methods, methodAxis, c => c.Summaries["seconds"] / c.Summaries["steps"], new ChartAxis("seconds per update", AxisScale.Log)),
        };
        foreach (var architecture in cells.Select(Architecture).Distinct())
        {
            var own = cells.Where(c => Architecture(c) == architecture).ToList();
            var layers = own.SelectMany(OptLayers).Distinct().ToList();
            foreach (var layer in layers)
                figures.Add(TrajectoryFigure.Create($"energy-{architecture}-{layer}", $"Hyperspherical energy of {architecture} {layer} during training",
                    $"energy_s1, the mean over pairs of neurons of 1 / ||w^_i - w^_j||, of {architecture}'s layer {layer} against the update, one line per " +
                    "method (mean over seeds, 95% CI band).",
                    own, "energy_s1", layer, Method, new ChartAxis("hyperspherical energy E_1 (mean over pairs)", AxisScale.Linear)));
            if (layers.Count == 0) continue;
            figures.Add(TrajectoryFigure.Create($"orthogonality-{architecture}", $"Orthogonality error of {architecture} {layers[0]} during training",
                $"||Q Q^T - I||_F of {architecture}'s layer {layers[0]} against the update, one line per method (geometric mean over seeds, 95% CI band; " +
                "exact zeros, e.g. Q = I at step 0, are not drawn on the log axis).",
                own.Where(c => Method(c) != Standard), "orthogonality_error", layers[0], Method, new ChartAxis("||Q Q^T - I||_F", AxisScale.Log)));
        }
        return figures;
    }

    /// <summary>A value per method and architecture: points at the means over seeds and bars spanning their 95% t intervals.</summary>
    private static Figure PerMethodFigure(string id, string title, string caption, List<CellResult> cells, List<string> methods, ChartAxis x,
        Func<CellResult, double> value, ChartAxis y)
    {
        var series = new List<ChartSeries>();
        int color = 0;
        foreach (var group in cells.GroupBy(Architecture))
        {
            var means = methods.Select((m, i) => (X: i + 1.0, Mean: group.Any(c => Method(c) == m) ? SampleMean.Of(group.Where(c => Method(c) == m).Select(value)) : null))
                .Where(p => p.Mean is not null).ToList();
            // Offset the architectures a little so their bars do not overlap.
            double offset = 0.1 * color;
            series.Add(new ChartSeries(group.Key, means.Select(p => p.X + offset).ToList(), means.Select(p => p.Mean!.Mean).ToList(), SeriesStyle.Points) { Color = color });
            series.AddRange(means.Select(p => new ChartSeries("", [p.X + offset, p.X + offset],
                [p.Mean!.ConfidenceInterval().Low, p.Mean.ConfidenceInterval().High], SeriesStyle.Line) { Color = color }));
            color++;
        }
        return new Figure(id, title, caption, new Chart(x, y, series));
    }

    private static string Text(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}

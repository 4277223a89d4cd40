using System.Text.Json.Nodes;
using NetGeometry.Data;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Dong &amp; Zhou's geometrization (arXiv 1902.03793): the geometry of a network's complexity governs its generalization,
/// its convergence and its parameter sensitivity. The papers are qualitative; geometrization.md fixes the measurements,
/// and this reproduction tests them on a sweep of ordinary runs (MLPs, residual MLPs and orthogonal (OPT) MLPs in NTK
/// parameterization, of two depths and several widths and label-noise levels, trained by full-batch gradient descent
/// on the square loss, on a Fashion-MNIST subset and on teacher-labelled points of the sphere). Every claim is a
/// correlation (or a mean) within one network family and data source, so that a difference between families cannot
/// make or break it; the rho pooled over the families is printed beside it and decides nothing. The claims, Dong &amp;
/// Zhou's own statements in this reproduction's measurements:
/// <list type="bullet">
/// <item>generalization (low-complexity, near-geodesic solutions generalize): Spearman's rho between the layer path
/// complexity C_path and the gap test_loss - train_loss &gt; 0; for residual and orthogonal MLPs, between the geodesic
/// ratio C_path / C_direct and the gap &gt; 0;</item>
/// <item>convergence (wide networks move along short, nearly straight paths): rho(width, straightness) &gt; 0 and
/// rho(width, trajectory length per unit of loss decrease) &lt; 0;</item>
/// <item>sensitivity (sensitivity follows the layers' geometry): rho between a layer's re-initialization damage (Zhang,
/// Bengio &amp; Singer) and its generator norm ||log J_l||_G &gt; 0;</item>
/// <item>for residual and orthogonal MLPs, training brings the layer path closer to a geodesic: mean ln(ratio_T / ratio_start) &lt; 0.</item>
/// </list>
/// A claim holds when its value has the stated sign and its p-value, Holm-adjusted over all the claims, is below 0.05.
/// The other measures (distance from initialization, trajectory and function-space length, NTK RKHS norm, data-dependent
/// complexity; layer movement and Fisher trace against damage) are not Dong &amp; Zhou's: they are comparisons, shown in a
/// figure with their within-family rho, not verdicts. One check: straightness never exceeds 1 (triangle inequality).
/// </summary>
public sealed class Geometrization : IReproduction
{
    public static readonly string[] Sources = ["fashion-mnist", "sphere"];
    public const long BootstrapSeed = 0;

    public string Name => "geometrization";
    public string Description => "Dong & Zhou: path-length complexity predicts the generalization gap, wide nets train along straighter paths, geometry predicts layer sensitivity.";
    public string Paper => "Dong & Zhou, Understanding over-parameterized deep networks by geometrization, arXiv 1902.03793 (2019); with Zhang, Bengio & Singer, Are all layers created equal?, arXiv 1902.01996";

    /// <summary>The networks of the sweep (depth: an MLP's weight layers, a residual MLP's blocks): MLPs and residual MLPs
    /// of depth 2 and 4, and orthogonal MLPs (OPT by the Cayley map on every square hidden layer, so 2 and 4 group
    /// elements at depths 4 and 6).</summary>
    public static readonly JsonObject[] Networks =
    [
        Network("mlp", 2), Network("mlp", 4), Network("residual-mlp", 2), Network("residual-mlp", 4),
        Network("mlp", 4, "layer2", "layer3"), Network("mlp", 6, "layer2", "layer3", "layer4", "layer5"),
    ];

    private static JsonObject Network(string model, int depth, params string[] optLayers)
    {
        var network = new JsonObject { ["model"] = model, ["depth"] = depth };
        if (optLayers.Length == 0) return network;
        network["opt"] = "cp";
        network["optLayers"] = new JsonArray(optLayers.Select(l => (JsonNode)l).ToArray());
        return network;
    }

    /// <summary>The checkpoints each cell's measurement reads back (<see cref="GeometrizationCell.Measure"/>): initialization
    /// and the last (group path complexity, re-initialization damage, Fisher traces) and, for an orthogonal MLP only,
    /// the first one after initialization, where its geodesic ratio is first defined (Q = I at initialization); every
    /// scheduled one for each family's representative cell, whose trajectory's PCA plane needs three or more (Li et al.
    /// 2018, sec. 7; <see cref="GeometrizationLandscape"/>).</summary>
    public static readonly CheckpointUse CheckpointsRead = CheckpointUse.PerRun(
        spec => GeometrizationLandscape.IsRepresentative(spec) ? CheckpointUse.All
            : spec.Network.Opt is null ? CheckpointUse.FirstAndLast(1) : CheckpointUse.FirstAndLast(2),
        "initialization and the last; for orthogonal MLPs also the first after initialization; every scheduled step for each " +
        $"family's representative cell (Fashion-MNIST, width {GeometrizationLandscape.Width}, label noise 0, seed 0, the family's shallowest network), for its PCA landscape");

    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 100, test: 500, steps: 300, probeEvery: 5, widths: [32, 128], seeds: [0]),
            "Quick: 48 runs (2 data sources x 6 networks x widths 32 and 128 x label noise 0 and 0.3, one seed), 100 training " +
            "examples, 500 test examples, 300 full-batch gradient-descent steps of size 4; each within-family correlation rests on " +
            "8 runs (the MLPs' path complexity on the 4 of depth 4), too few to pass the Holm-corrected test unless it is near 1.", CheckpointsRead)
        : new ReproductionPlan(Sweep($"{Name}-full", train: 200, test: 1000, steps: 1000, probeEvery: 10, widths: [32, 64, 128], seeds: [0, 1, 2]),
            "Full: 216 runs (2 data sources x 6 networks x widths 32, 64 and 128 x label noise 0 and 0.3 x 3 seeds), 200 training " +
            "and 1000 test examples, 1000 full-batch gradient-descent steps of size 4, so 36 runs per family and source behind each " +
            "correlation. Scaled down from the paper's CIFAR-scale networks: the kernel measures need the n x n NTK every 10 steps.", CheckpointsRead);

    private static ExperimentSpec Sweep(string name, int train, int test, int steps, int probeEvery, int[] widths, long[] seeds) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = "mlp", Widths = [widths[0]], Depth = 2, Parameterization = "ntk" },
            Data = new DataSpec { Source = Sources[0], Train = train, Test = test, Dim = 10, Labels = "teacher" },
            Training = new TrainingSpec
            {
                Optimizer = "gd", LearningRate = LearningRate, Loss = "square", Steps = steps,
                Probes = ["loss", "distance", "path", "rkhs"], ProbeSchedule = $"every:{probeEvery}", CheckpointSchedule = "log:4",
            },
        },
        [
            // Width varies slowest, so that the widest (slowest) runs come last.
            SweepAxis.Of("network.widths", widths), SweepAxis.Of("data.source", Sources), new SweepAxis("network", Networks),
            SweepAxis.Of("data.labelNoise", 0, 0.3), SweepAxis.Of("seed", seeds),
        ],
        name);

    /// <summary>The gradient-descent step: large enough that runs fit their training sets (train accuracy 0.9-1 on the
    /// Fashion-MNIST subsets), the largest that kept every network of the sweep stable (8 diverges for narrow residual MLPs).</summary>
    public const double LearningRate = 4;

    /// <summary>The network families the claims are stratified by: model (<see cref="GeometrizationCell.Model"/>), the
    /// short name claims' names use, and the family in words.</summary>
    internal static readonly (string Model, string Short, string Text)[] Families =
        [("mlp", "mlp", "MLPs"), ("residual-mlp", "resmlp", "residual MLPs"), (GeometrizationCell.Orthogonal, "optmlp", "orthogonal MLPs")];

    /// <summary>The families whose layers are group elements as Dong &amp; Zhou have them: residual blocks and OPT rotations.</summary>
    private static readonly string[] GroupFamilies = ["residual-mlp", GeometrizationCell.Orthogonal];

    /// <summary>A data source as claims' names shorten it (names stay within 35 characters).</summary>
    internal static string Short(string source) => source == "fashion-mnist" ? "fmnist" : source;

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var cells = results.Completed.Select(c => GeometrizationCell.Measure(c, results.Directory)).ToList();
        int seeds = results.Spec.Axes.Single(a => a.Field == "seed").Values.Count;
        var tests = new List<GeometrizationTest>();
        foreach (var source in results.Spec.Axes.Single(a => a.Field == "data.source").Values.Select(SweepAxis.Text))
        {
            var runs = cells.Where(c => c.Source == source).ToList();
            foreach (var family in Families)
                tests.AddRange(FamilyTests(source, family, runs));
        }
        foreach (var family in Families.Where(f => GroupFamilies.Contains(f.Model)))
            tests.Add(GeodesicApproach(family, cells.Where(c => c.Model == family.Model).ToList()));

        var adjusted = HolmCorrection.Adjust(tests.Select(t => t.P).ToList());
        int tested = adjusted.Count(double.IsFinite);
        var claims = tests.Select((t, i) => t.ToClaim(adjusted[i], tested, seeds)).Append(StraightnessCheck(cells, seeds)).ToList();
        return new ReproductionAnalysis([.. GeometrizationFigures.Create(cells), .. GeometrizationLandscape.Of(results).Select(GeometrizationFigures.Landscape)], claims);
    }

    private static RankCorrelation Rho(IReadOnlyList<double> x, IReadOnlyList<double> y) => RankCorrelation.Of(x, y, BootstrapSeed);

    private static RankCorrelation Rho<T>(IReadOnlyList<T> items, Func<T, double> x, Func<T, double> y) =>
        Rho(items.Select(x).ToList(), items.Select(y).ToList());

    /// <summary>"; pooled over the three families, not a verdict: rho 0.42 [0.1, 0.6] over 24".</summary>
    private static string Pooled(RankCorrelation r) =>
        $"; pooled over the three families, not a verdict: rho {Claim.Text(r.Rho)} [{Claim.Text(r.ConfidenceInterval.Low)}, {Claim.Text(r.ConfidenceInterval.High)}] over {r.Count}";

    /// <summary>The claims made within one family on one source's runs (<paramref name="all"/>: every family's, for the pooled rho).</summary>
    private static IEnumerable<GeometrizationTest> FamilyTests(string source, (string Model, string Short, string Text) family, IReadOnlyList<GeometrizationCell> all)
    {
        var runs = all.Where(c => c.Model == family.Model).ToList();
        string name = $"{Short(source)}-{family.Short}", who = $"{source}, {family.Text}";
        double PathComplexity(GeometrizationCell c) => c.Complexity["path_complexity"];
        yield return GeometrizationTest.Correlation($"{name}-gap-path-complexity",
            $"{who}: the layer path complexity C_path = sum_l ||log J_l||_G correlates with the generalization gap test_loss - train_loss",
            Rho(runs, PathComplexity, c => c.Gap), runs.Count, +1, Pooled(Rho(all, PathComplexity, c => c.Gap)), "Dong & Zhou: low-complexity solutions generalize");
        if (GroupFamilies.Contains(family.Model))
            yield return GeometrizationTest.Correlation($"{name}-gap-geodesic-ratio",
                $"{who}: near-geodesic solutions generalize, the geodesic ratio C_path / C_direct after training correlates with the gap",
                Rho(runs, c => c.FinalGeodesicRatio, c => c.Gap), runs.Count, +1, "", "Dong & Zhou: near-geodesic solutions generalize");

        yield return GeometrizationTest.Correlation($"{name}-straightness-width",
            $"{who}: the training path's straightness (distance / length) rises with width; alongside, rho(width, lambda_min of the NTK at initialization) = {Claim.Text(Rho(runs, c => c.Width, c => c.LambdaMin).Rho)}",
            Rho(runs, c => c.Width, c => c.Straightness), runs.Count, +1, Pooled(Rho(all, c => c.Width, c => c.Straightness)), "Dong & Zhou: wide networks move along short, nearly straight paths");
        yield return GeometrizationTest.Correlation($"{name}-length-per-loss-width",
            $"{who}: the trajectory length per unit of training-loss decrease falls with width",
            Rho(runs, c => c.Width, c => c.LengthPerLossDecrease), runs.Count, -1, Pooled(Rho(all, c => c.Width, c => c.LengthPerLossDecrease)), "Dong & Zhou: wide networks move along short paths");

        var layers = runs.SelectMany(c => c.Layers).ToList();
        var allLayers = all.SelectMany(c => c.Layers).ToList();
        yield return GeometrizationTest.Correlation($"{name}-damage-generator-norm",
            $"{who}: a layer's re-initialization damage correlates with its generator norm ||log J_l||_G (residual blocks and square layers of every run)",
            Rho(layers, l => l.GeneratorNorm, l => l.Damage), layers.Count, +1, Pooled(Rho(allLayers, l => l.GeneratorNorm, l => l.Damage)), "Dong & Zhou: sensitivity follows the layers' geometry");
    }

    /// <param name="runs">The family's runs of every source (the start is where the ratio is first defined).</param>
    private static GeometrizationTest GeodesicApproach((string Model, string Short, string Text) family, IReadOnlyList<GeometrizationCell> runs)
    {
        string start = family.Model == GeometrizationCell.Orthogonal ? "the first checkpoint after initialization, Q = I at initialization" : "initialization";
        var change = runs.Select(c => Math.Log(c.FinalGeodesicRatio / c.InitialGeodesicRatio)).Where(double.IsFinite).ToList();
        return GeometrizationTest.Mean($"{family.Short}-geodesic-approach",
            $"{family.Text}: training brings the layer path closer to a geodesic, mean ln(ratio_T / ratio_start) of C_path / C_direct (start: {start}; t interval)",
            change, -1, "Dong & Zhou: trained networks approach geodesics");
    }

    /// <summary>The distance from initialization is at most the trajectory's length (triangle inequality), so no run's straightness exceeds 1.</summary>
    private static Claim StraightnessCheck(IReadOnlyList<GeometrizationCell> cells, int seeds)
    {
        double largest = cells.Count == 0 ? double.NaN : cells.Max(c => c.Straightness);
        return new Claim("straightness-at-most-one", $"no run's straightness (distance / trajectory length) exceeds 1, the largest of {cells.Count} runs",
            largest, null, "<= 1", largest <= 1 + 1e-12, "triangle inequality: ||theta_T - theta_0|| <= sum_t ||theta_{t+1} - theta_t||").AsCheck().OnSeeds(seeds);
    }
}

using System.Text.Json.Nodes;
using MathNet.Numerics.Statistics;
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
/// on the square loss until they (nearly) fit, on a Fashion-MNIST subset and on teacher-labelled points of the sphere):
/// <list type="bullet">
/// <item>generalization: Spearman's rho between each complexity measure and the gap test_loss - train_loss across the
/// runs of each data source, with a percentile-bootstrap 95% interval; the claim for each measure is rho &gt; 0 with
/// the interval above 0 (the paper singles out the function-space length and the NTK RKHS norm);</item>
/// <item>convergence: rho(width, straightness) &gt; 0 and rho(width, trajectory length per unit of loss decrease) &lt; 0,
/// with the NTK's lambda_min at initialization alongside;</item>
/// <item>sensitivity: rho between each layer's re-initialization damage (Zhang, Bengio &amp; Singer) and its relative
/// movement, generator norm and Fisher block trace, over the layers of every run of a source: &gt; 0;</item>
/// <item>path versus geodesic: in residual MLPs and orthogonal MLPs, the geodesic ratio C_path / C_direct falls in
/// training, rises with depth, and correlates with the gap (near-geodesic solutions generalize).</item>
/// </list>
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
    /// the first one after initialization, where its geodesic ratio is first defined (Q = I at initialization).</summary>
    public static readonly CheckpointUse CheckpointsRead = CheckpointUse.PerRun(
        spec => spec.Network.Opt is null ? CheckpointUse.FirstAndLast(1) : CheckpointUse.FirstAndLast(2),
        "initialization and the last; for orthogonal MLPs also the first after initialization");

    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 100, test: 500, steps: 300, probeEvery: 5, widths: [32, 128]),
            "Quick: 48 runs (2 data sources x 6 networks x widths 32 and 128 x label noise 0 and 0.3, one seed), 100 training " +
            "examples, 500 test examples, 300 full-batch gradient-descent steps of size 4; each correlation rests on 24 runs per " +
            "source, so its interval is wide.", CheckpointsRead)
        : new ReproductionPlan(Sweep($"{Name}-full", train: 200, test: 1000, steps: 1000, probeEvery: 10, widths: [32, 64, 128]),
            "Full: 72 runs (2 data sources x 6 networks x widths 32, 64 and 128 x label noise 0 and 0.3, one seed), 200 training " +
            "and 1000 test examples, 1000 full-batch gradient-descent steps of size 4, so 36 runs per source behind each " +
            "correlation. Far below the paper's CIFAR-scale networks: the kernel measures need the n x n NTK every 10 steps.", CheckpointsRead);

    private static ExperimentSpec Sweep(string name, int train, int test, int steps, int probeEvery, int[] widths) => new(
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
            SweepAxis.Of("data.labelNoise", 0, 0.3), SweepAxis.Of("seed", 0L),
        ],
        name);

    /// <summary>The gradient-descent step: large enough that runs fit their training sets (train accuracy 0.9-1 on the
    /// Fashion-MNIST subsets), the largest that kept every network of the sweep stable (8 diverges for narrow residual MLPs).</summary>
    public const double LearningRate = 4;

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var cells = results.Completed.Select(c => GeometrizationCell.Measure(c, results.Directory)).ToList();
        var claims = new List<Claim>();
        foreach (var source in results.Spec.Axes.Single(a => a.Field == "data.source").Values.Select(SweepAxis.Text))
        {
            var runs = cells.Where(c => c.Source == source).ToList();
            claims.AddRange(GeneralizationClaims(source, runs));
            claims.AddRange(ConvergenceClaims(source, runs));
            claims.AddRange(SensitivityClaims(source, runs));
        }
        claims.AddRange(GeodesicClaims(cells));
        return new ReproductionAnalysis(GeometrizationFigures.Create(cells), claims);
    }

    private static Claim Positive(string name, string statement, RankCorrelation r, string why) => new(name,
        $"{statement} (Spearman over {r.Count})", r.Rho, r.ConfidenceInterval, "CI > 0", r.SignificantlyPositive, $"rho with its 95% bootstrap CI above 0; {why}");

    private static Claim Negative(string name, string statement, RankCorrelation r, string why) => new(name,
        $"{statement} (Spearman over {r.Count})", r.Rho, r.ConfidenceInterval, "CI < 0", r.SignificantlyNegative, $"rho with its 95% bootstrap CI below 0; {why}");

    private static RankCorrelation Rho(IReadOnlyList<double> x, IReadOnlyList<double> y) => RankCorrelation.Of(x, y, BootstrapSeed);

    private static IEnumerable<Claim> GeneralizationClaims(string source, IReadOnlyList<GeometrizationCell> runs)
    {
        var gap = runs.Select(c => c.Gap).ToList();
        foreach (var (metric, name, text) in GeometrizationCell.Measures)
        {
            var why = metric is "function_space_length" or "rkhs_norm"
                ? "Dong & Zhou: low-complexity solutions generalize; the measure the claim names"
                : "Dong & Zhou: low-complexity solutions generalize";
            yield return Positive($"{source}-gap-{name}", $"{source}: the {text} correlates with the generalization gap test_loss - train_loss{WithinFamilies(runs, metric)}",
                Rho(runs.Select(c => c.Complexity[metric]).ToList(), gap), why);
        }
    }

    /// <summary>
    /// Spearman's rho of the measure and the gap within each network family (no interval; over its runs with a finite
    /// value), printed beside the pooled claim: families differ in both (an orthogonal MLP's kernel and path are unlike an
    /// MLP's), so a pooled rho can take the sign of the difference between families rather than of the trend within them.
    /// </summary>
    private static string WithinFamilies(IReadOnlyList<GeometrizationCell> runs, string metric)
    {
        var parts = runs.GroupBy(c => c.Model).Select(g =>
        {
            double rho = RankCorrelation.SpearmanOfFinite(g.Select(c => c.Complexity[metric]).ToList(), g.Select(c => c.Gap).ToList());
            return double.IsNaN(rho) ? null : $"{g.Key} {rho:0.##}";
        }).OfType<string>().ToList();
        return parts.Count < 2 ? "" : $"; within each family: {string.Join(", ", parts)}";
    }

    private static IEnumerable<Claim> ConvergenceClaims(string source, IReadOnlyList<GeometrizationCell> runs)
    {
        var width = runs.Select(c => (double)c.Width).ToList();
        var lambda = Rho(width, runs.Select(c => c.LambdaMin).ToList());
        var context = $"; alongside, rho(width, lambda_min of the NTK at initialization) = {lambda.Rho:0.##}";
        yield return Positive($"{source}-straightness-width", $"{source}: the training path's straightness (distance / length) rises with width{context}",
            Rho(width, runs.Select(c => c.Straightness).ToList()), "Dong & Zhou: wide networks move along short, nearly straight paths");
        yield return Negative($"{source}-length-per-loss-width", $"{source}: the trajectory length per unit of training-loss decrease falls with width",
            Rho(width, runs.Select(c => c.LengthPerLossDecrease).ToList()), "Dong & Zhou: wide networks move along short paths");
    }

    private static IEnumerable<Claim> SensitivityClaims(string source, IReadOnlyList<GeometrizationCell> runs)
    {
        var layers = runs.SelectMany(c => c.Layers).ToList();
        var damage = layers.Select(l => l.Damage).ToList();
        yield return Positive($"{source}-damage-movement", $"{source}: a layer's re-initialization damage correlates with its relative movement ||theta_T - theta_0|| / ||theta_0|| (layers of every run)",
            Rho(layers.Select(l => l.RelativeMovement).ToList(), damage), "Dong & Zhou with Zhang, Bengio & Singer: layers that moved matter");
        yield return Positive($"{source}-damage-generator-norm", $"{source}: a layer's re-initialization damage correlates with its generator norm ||log J_l||_G (residual blocks and square layers)",
            Rho(layers.Select(l => l.GeneratorNorm).ToList(), damage), "Dong & Zhou: sensitivity follows the layer's geometry");
        yield return Positive($"{source}-damage-fisher-trace", $"{source}: a layer's re-initialization damage correlates with its Fisher block trace tr(J_l^T J_l) / n",
            Rho(layers.Select(l => l.FisherTrace).ToList(), damage), "Dong & Zhou: sensitivity follows the layer's geometry");
    }

    /// <summary>Path versus geodesic for the families whose layers are group elements: residual MLPs (blocks) and
    /// orthogonal MLPs (OPT layers' rotations).</summary>
    private static IEnumerable<Claim> GeodesicClaims(IReadOnlyList<GeometrizationCell> cells) =>
        new[] { ("residual-mlp", "residual MLPs", "at initialization"), (GeometrizationCell.Orthogonal, "orthogonal MLPs", "at the first checkpoint after initialization (Q = I there)") }
            .SelectMany(f => GeodesicClaims(f.Item1, f.Item2, f.Item3, cells.Where(c => c.Model == f.Item1).ToList()));

    /// <param name="model">The family's model name, which starts its claims' names.</param>
    private static IEnumerable<Claim> GeodesicClaims(string model, string family, string start, IReadOnlyList<GeometrizationCell> runs)
    {
        var change = runs.Select(c => Math.Log(c.FinalGeodesicRatio / c.InitialGeodesicRatio)).Where(double.IsFinite).ToList();
        var mean = change.Count >= 2 ? SampleMean.Of(change) : null;
        yield return new Claim($"{model}-geodesic-approach", $"{family}: training brings the layer path closer to a geodesic, mean ln(ratio_T / ratio_start) of C_path / C_direct " +
            $"(start: {start}) over {change.Count} runs",
            mean?.Mean ?? double.NaN, mean?.ConfidenceInterval(), "CI < 0",
            mean is not null && mean.ConfidenceInterval().High < 0, "the mean with its 95% t CI below 0; Dong & Zhou: trained networks approach geodesics");
        yield return Positive($"{model}-geodesic-depth", $"{family}: the geodesic ratio C_path / C_direct after training rises with depth",
            Rho(runs.Select(c => (double)c.Depth).ToList(), runs.Select(c => c.FinalGeodesicRatio).ToList()),
            "a longer discretized path has more room to bend away from the geodesic");
        var perSourceGap = Sources.SelectMany(s => Ranked(runs.Where(c => c.Source == s).ToList())).ToList();
        yield return Positive($"{model}-geodesic-gap", $"{family}: near-geodesic solutions generalize, the geodesic ratio after training correlates with the gap's rank within its data source",
            Rho(perSourceGap.Select(p => p.Ratio).ToList(), perSourceGap.Select(p => p.GapRank).ToList()), "Dong & Zhou: near-geodesic solutions generalize");
    }

    /// <summary>Each run's gap as its fractional rank among the runs of its source, so that sources pool.</summary>
    private static IEnumerable<(double Ratio, double GapRank)> Ranked(IReadOnlyList<GeometrizationCell> runs)
    {
        if (runs.Count == 0) return [];
        var ranks = runs.Select(c => c.Gap).Ranks(RankDefinition.Average);
        return runs.Select((c, i) => (c.FinalGeodesicRatio, ranks[i] / runs.Count));
    }
}

using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Dong &amp; Zhou's geometrization (arXiv 1902.03793): the geometry of a network's complexity governs its generalization,
/// its convergence and its parameter sensitivity. The papers are qualitative; geometrization.md fixes the measurements,
/// and this reproduction tests them on a sweep of ordinary runs (MLPs and residual MLPs in NTK parameterization, of two
/// depths and several widths and label-noise levels, trained by full-batch gradient descent on the square loss, on a
/// Fashion-MNIST subset and on teacher-labelled points of the sphere):
/// <list type="bullet">
/// <item>generalization: Spearman's rho between each complexity measure and the gap test_loss - train_loss across the
/// runs of each data source, with a percentile-bootstrap 95% interval; the claim for each measure is rho &gt; 0 with
/// the interval above 0 (the paper singles out the function-space length and the NTK RKHS norm);</item>
/// <item>convergence: rho(width, straightness) &gt; 0 and rho(width, trajectory length per unit of loss decrease) &lt; 0,
/// with the NTK's lambda_min at initialization alongside;</item>
/// <item>sensitivity: rho between each layer's re-initialization damage (Zhang, Bengio &amp; Singer) and its relative
/// movement, generator norm and Fisher block trace, over the layers of every run of a source: &gt; 0;</item>
/// <item>path versus geodesic: in residual MLPs, the geodesic ratio C_path / C_direct falls in training, rises with
/// depth, and correlates with the gap (near-geodesic solutions generalize).</item>
/// </list>
/// </summary>
public sealed class Geometrization : IReproduction
{
    public static readonly string[] Sources = ["fashion-mnist", "sphere"];
    public const long BootstrapSeed = 0;

    public string Name => "geometrization";
    public string Description => "Dong & Zhou: path-length complexity predicts the generalization gap, wide nets train along straighter paths, geometry predicts layer sensitivity.";
    public string Paper => "Dong & Zhou, Understanding over-parameterized deep networks by geometrization, arXiv 1902.03793 (2019); with Zhang, Bengio & Singer, Are all layers created equal?, arXiv 1902.01996";

    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", Sources, train: 100, test: 500, steps: 150, widths: [32, 128], noise: [0, 0.3], seeds: [0]),
            "Quick: 32 runs (2 data sources x mlp and residual-mlp x depths 2 and 4 x widths 32 and 128 x label noise 0 and 0.3, one seed), " +
            "100 training examples, 500 test examples, 150 full-batch gradient-descent steps; each correlation rests on 16 runs per source, " +
            "so its interval is wide. Scaled down from the full profile's 300 training and 1000 test examples and 300 steps (the full " +
            "profile drops label noise to fit its time).")
        : new ReproductionPlan(Sweep($"{Name}-full", ["fashion-mnist"], train: 300, test: 1000, steps: 300, widths: [32, 128], noise: [0], seeds: [0]),
            "Full: 8 runs on Fashion-MNIST (mlp and residual-mlp x depths 2 and 4 x widths 32 and 128, no label noise, one seed), " +
            "300 training and 1000 test examples, 300 full-batch gradient-descent steps, so 8 runs (and 32 layers) behind each correlation. " +
            "Far below the paper's CIFAR-scale networks: the kernel measures need the n x n NTK, and this is the largest part of the planned " +
            "grid (both data sources, widths up to 512, label noise 0 to 0.5, two seeds) that ran in the time left with --jobs 1 on 2 cores " +
            "shared with other work; the quick profile covers sphere data and label noise.");

    private static ExperimentSpec Sweep(string name, string[] sources, int train, int test, int steps, int[] widths, double[] noise, long[] seeds) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = "mlp", Widths = [widths[0]], Depth = 2, Parameterization = "ntk" },
            Data = new DataSpec { Source = sources[0], Train = train, Test = test, Dim = 10, Labels = "teacher" },
            Training = new TrainingSpec
            {
                Optimizer = "gd", LearningRate = 1, Loss = "square", Steps = steps,
                Probes = ["loss", "distance", "path", "rkhs"], ProbeSchedule = "every:5", CheckpointSchedule = "log:3",
            },
        },
        [
            // Width varies slowest, so that the widest (slowest) runs come last.
            SweepAxis.Of("network.widths", widths), SweepAxis.Of("data.source", sources), SweepAxis.Of("network.model", "mlp", "residual-mlp"),
            SweepAxis.Of("network.depth", 2, 4), SweepAxis.Of("data.labelNoise", noise), SweepAxis.Of("seed", seeds),
        ],
        name);

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
        claims.AddRange(GeodesicClaims(cells.Where(c => c.Model == "residual-mlp").ToList()));
        return new ReproductionAnalysis(GeometrizationFigures.Create(cells), claims);
    }

    private static Claim Positive(string statement, RankCorrelation r, string why) => new(
        $"{statement} (Spearman over {r.Count})", r.Rho, r.ConfidenceInterval, $"rho > 0 with its 95% bootstrap CI above 0 ({why})", r.SignificantlyPositive);

    private static Claim Negative(string statement, RankCorrelation r, string why) => new(
        $"{statement} (Spearman over {r.Count})", r.Rho, r.ConfidenceInterval, $"rho < 0 with its 95% bootstrap CI below 0 ({why})", r.SignificantlyNegative);

    private static RankCorrelation Rho(IReadOnlyList<double> x, IReadOnlyList<double> y) => RankCorrelation.Of(x, y, BootstrapSeed);

    private static IEnumerable<Claim> GeneralizationClaims(string source, IReadOnlyList<GeometrizationCell> runs)
    {
        var gap = runs.Select(c => c.Gap).ToList();
        foreach (var (metric, text) in GeometrizationCell.Measures)
        {
            var why = metric is "function_space_length" or "rkhs_norm"
                ? "Dong & Zhou: low-complexity solutions generalize; the measure the claim names"
                : "Dong & Zhou: low-complexity solutions generalize";
            yield return Positive($"{source}: the {text} correlates with the generalization gap test_loss - train_loss",
                Rho(runs.Select(c => c.Complexity[metric]).ToList(), gap), why);
        }
    }

    private static IEnumerable<Claim> ConvergenceClaims(string source, IReadOnlyList<GeometrizationCell> runs)
    {
        var width = runs.Select(c => (double)c.Width).ToList();
        var lambda = Rho(width, runs.Select(c => c.LambdaMin).ToList());
        var context = $"; alongside, rho(width, lambda_min of the NTK at initialization) = {lambda.Rho:0.##}";
        yield return Positive($"{source}: the training path's straightness (distance / length) rises with width{context}",
            Rho(width, runs.Select(c => c.Straightness).ToList()), "Dong & Zhou: wide networks move along short, nearly straight paths");
        yield return Negative($"{source}: the trajectory length per unit of training-loss decrease falls with width",
            Rho(width, runs.Select(c => c.LengthPerLossDecrease).ToList()), "Dong & Zhou: wide networks move along short paths");
    }

    private static IEnumerable<Claim> SensitivityClaims(string source, IReadOnlyList<GeometrizationCell> runs)
    {
        var layers = runs.SelectMany(c => c.Layers).ToList();
        var damage = layers.Select(l => l.Damage).ToList();
        yield return Positive($"{source}: a layer's re-initialization damage correlates with its relative movement ||theta_T - theta_0|| / ||theta_0|| (layers of every run)",
            Rho(layers.Select(l => l.RelativeMovement).ToList(), damage), "Dong & Zhou with Zhang, Bengio & Singer: layers that moved matter");
        yield return Positive($"{source}: a layer's re-initialization damage correlates with its generator norm ||log J_l||_G (residual blocks and square layers)",
            Rho(layers.Select(l => l.GeneratorNorm).ToList(), damage), "Dong & Zhou: sensitivity follows the layer's geometry");
        yield return Positive($"{source}: a layer's re-initialization damage correlates with its Fisher block trace tr(J_l^T J_l) / n",
            Rho(layers.Select(l => l.FisherTrace).ToList(), damage), "Dong & Zhou: sensitivity follows the layer's geometry");
    }

    private static IEnumerable<Claim> GeodesicClaims(IReadOnlyList<GeometrizationCell> residual)
    {
        var change = residual.Select(c => Math.Log(c.FinalGeodesicRatio / c.InitialGeodesicRatio)).Where(double.IsFinite).ToList();
        var mean = change.Count >= 2 ? SampleMean.Of(change) : null;
        yield return new Claim($"residual MLPs: training brings the layer path closer to a geodesic, mean ln(ratio_T / ratio_0) of C_path / C_direct over {change.Count} runs",
            mean?.Mean ?? double.NaN, mean?.ConfidenceInterval(), "< 0 with its 95% t CI below 0 (Dong & Zhou: trained networks approach geodesics)",
            mean is not null && mean.ConfidenceInterval().High < 0);
        yield return Positive("residual MLPs: the geodesic ratio C_path / C_direct after training rises with depth",
            Rho(residual.Select(c => (double)c.Depth).ToList(), residual.Select(c => c.FinalGeodesicRatio).ToList()),
            "a longer discretized path has more room to bend away from the geodesic");
        var perSourceGap = Sources.SelectMany(s => Ranked(residual.Where(c => c.Source == s).ToList())).ToList();
        yield return Positive("residual MLPs: near-geodesic solutions generalize, the geodesic ratio after training correlates with the gap's rank within its data source",
            Rho(perSourceGap.Select(p => p.Ratio).ToList(), perSourceGap.Select(p => p.GapRank).ToList()), "Dong & Zhou: near-geodesic solutions generalize");
    }

    /// <summary>Each run's gap as its fractional rank among the runs of its source, so that sources pool.</summary>
    private static IEnumerable<(double Ratio, double GapRank)> Ranked(IReadOnlyList<GeometrizationCell> runs)
    {
        if (runs.Count == 0) return [];
        var ranks = RankCorrelation.Ranks(runs.Select(c => c.Gap).ToList());
        return runs.Select((c, i) => (c.FinalGeodesicRatio, ranks[i] / runs.Count));
    }
}

using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Lazy training (Du, Zhai, Poczos &amp; Singh 2019, Lemma 3.3 and Thm. 3.2 with its movement bound
/// ||w_r(k) - w_r(0)|| &lt;= 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0)): gradient descent moves each of the m hidden
/// weight vectors by O(1/sqrt(m)), so the whole hidden layer moves by O(1) while its initial norm
/// ||W_0||_F ~ sqrt(m d) grows, and the relative distance ||W_T - W_0||_F / ||W_0||_F falls like m^(-1/2).
/// The two-layer ReLU model of science/du2019.md (a fixed) is trained by full-batch gradient descent on points of
/// the unit sphere with Gaussian labels at widths 64 to 4096, and the log-log slope is fitted over every run.
/// </summary>
public sealed class LazyTraining : IReproduction
{
    public static readonly int[] Widths = [64, 128, 256, 512, 1024, 2048, 4096];
    public static readonly long[] Seeds = [0, 1, 2];

    /// <summary>The metric and layer the claim is about: W, the trained hidden layer.</summary>
    public const string Metric = "relative_distance_from_init", Layer = "hidden";

    public static readonly Interval ExpectedSlope = new(-0.65, -0.35);

    public string Name => "lazy-training";
    public string Description => "Wider two-layer ReLU nets move less from their initialization: ||W_T - W_0|| / ||W_0|| falls like m^(-1/2).";
    public string Paper => "Du, Zhai, Poczos & Singh, Gradient descent provably optimizes over-parameterized neural networks, ICLR 2019 (arXiv 1810.02054)";

    /// <summary>
    /// The step size is Du et al.'s eta = 1 / lambda_max(H-inf) for their loss 1/2 sum (f - y)^2; our square loss is
    /// 1/(2n) sum (f - y)^2, so the same dynamics need eta = n / lambda_max(H-inf). lambda_max(H-inf) was computed from
    /// the closed form of H-inf on such samples: about 2.5 for n = 50, d = 10, about 1.24 for n = d = 1000.
    /// </summary>
    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 50, dim: 10, learningRate: 20, steps: 100),
            "Quick: n = 50 points on the sphere in d = 10 with N(0, 1) labels, 100 full-batch gradient-descent steps, " +
            $"widths 64 to 4096, {Seeds.Length} seeds ({Widths.Length * Seeds.Length} runs); well under a minute on 2 cores.")
        : new ReproductionPlan(Sweep($"{Name}-full", train: 1000, dim: 1000, learningRate: 800, steps: 100),
            "Full: the paper's setting, n = 1000 points on the sphere in d = 1000 with N(0, 1) labels and 100 full-batch gradient-descent " +
            $"steps, at widths 64 to 4096 and {Seeds.Length} seeds (3 rather than 5: the run takes minutes); the widths stop at 4096, the widest the paper-scale run fits on 2 cores in minutes.");

    private static ExperimentSpec Sweep(string name, int train, int dim, double learningRate, int steps) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = "two-layer-relu", Widths = [Widths[0]] },
            Data = new DataSpec { Source = "sphere", Train = train, Dim = dim, Labels = "gaussian" },
            Training = new TrainingSpec
            {
                Optimizer = "gd", LearningRate = learningRate, Loss = "square", Steps = steps,
                Probes = ["loss", "distance"], ProbeSchedule = "log:20",
            },
        },
        [SweepAxis.Of("network.widths", Widths), SweepAxis.Of("seed", Seeds)],
        name);

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var cells = results.Completed.ToList();
        double Width(CellResult c) => c.Cell.Spec.Network.Widths[0];
        var relative = cells.Select(c => (X: Width(c), Y: c.Final(Metric, Layer))).Where(p => p.Y > 0).ToList();
        var absolute = cells.Select(c => (X: Width(c), Y: c.Final("distance_from_init", Layer))).Where(p => p.Y > 0).ToList();
        var fit = relative.Select(p => p.X).Distinct().Count() >= 2 ? LinearFit.LogLog(relative.Select(p => p.X).ToList(), relative.Select(p => p.Y).ToList()) : null;
        var absoluteFit = absolute.Select(p => p.X).Distinct().Count() >= 2 ? LinearFit.LogLog(absolute.Select(p => p.X).ToList(), absolute.Select(p => p.Y).ToList()) : null;
        var width = new ChartAxis("width m (hidden units)");

        // The verdict is on the mean over seeds of each seed's log-log slope (with every seed at every width, the same as
        // the slope fitted through every run) and its t-interval over seeds: the seeds, not the runs, are independent.
        var perSeed = cells.GroupBy(c => c.Cell.Spec.Seed).Select(g => g.Select(c => (X: Width(c), Y: c.Final(Metric, Layer))).Where(p => p.Y > 0).ToList())
            .Select(runs => runs.Select(p => p.X).Distinct().Count() >= 2 ? LinearFit.LogLog(runs.Select(p => p.X).ToList(), runs.Select(p => p.Y).ToList()).Slope : double.NaN).ToList();
        var slope = perSeed.Count > 0 ? SampleMean.Of(perSeed) : null;
        var claim = Claim.InRange("relative-distance-slope",
            $"the relative distance from initialization ||W_T - W_0|| / ||W_0|| falls with width m with a log-log slope near -1/2 (mean over {perSeed.Count} seeds of each seed's slope, 95% t-interval over seeds)",
            slope?.Mean ?? double.NaN, ExpectedSlope, slope?.ConfidenceInterval(), "theory: -1/2").OnSeeds(perSeed.Count);
        double FinalMean(string metric, string? layer, double width) => SampleMean.Of(cells.Where(c => Width(c) == width).Select(c => c.Final(metric, layer))).Mean;
        string Ends(string metric, string? layer) => cells.Count == 0 ? "no runs" :
            $"{FinalMean(metric, layer, cells.Min(Width)):G3} at m = {cells.Min(Width)}, {FinalMean(metric, layer, cells.Max(Width)):G3} at m = {cells.Max(Width)}";
        Figure[] figures =
        [
            ScalingFigure.Create("relative-distance-vs-width", "Relative distance from initialization against width",
                $"||W_T - W_0||_F / ||W_0||_F of the hidden layer after training, at each width m (log-log), over {cells.Count} runs; " +
                "the dashed line is the least-squares power law through every run (slope and its 95% confidence interval in the legend), " +
                "the dotted line the slope -1/2 that Du et al.'s movement bound predicts.",
                relative, width, new ChartAxis("relative distance ||W_T - W_0|| / ||W_0|| (ratio)"), fit, -0.5, "theory: slope -1/2"),
            ScalingFigure.Create("distance-vs-width", "Distance from initialization against width",
                "||W_T - W_0||_F of the hidden layer after training, at each width (log-log), with the least-squares power law (dashed). Du et al.'s bound " +
                "moves each of the m weight vectors by O(1/sqrt(m)), so the layer as a whole by O(1): the dotted slope 0; ||W_0|| grows like sqrt(m d).",
                absolute, width, new ChartAxis("distance ||W_T - W_0||_F"), absoluteFit, 0, "theory: slope 0"),
            TrajectoryFigure.Create("loss-vs-step", "Training loss during gradient descent",
                "The training loss 1/(2n) sum (f(x_i) - y_i)^2 against the step, one line per width (mean over seeds, 95% CI band), as in Du et al.'s Fig. 1a. " +
                $"Final loss (mean over seeds): {Ends("train_loss", null)}.",
                cells, "train_loss", null, c => $"m = {Width(c)}", new ChartAxis("training loss", AxisScale.Log)),
            TrajectoryFigure.Create("relative-distance-vs-step", "Relative distance from initialization during training",
                "||W(t) - W_0||_F / ||W_0||_F of the hidden layer against the step, one line per width (mean over seeds, 95% CI band). " +
                $"Final relative distance (mean over seeds): {Ends(Metric, Layer)}.",
                cells, Metric, Layer, c => $"m = {Width(c)}", new ChartAxis("relative distance (ratio)", AxisScale.Log)),
        ];
        return new ReproductionAnalysis(figures, [claim]);
    }
}

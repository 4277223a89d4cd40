using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// PL* and transition to linearity (Liu, Zhu &amp; Belkin, ACHA 2022; NeurIPS 2020). One-hidden-layer MLPs in NTK
/// parameterization with tanh, softplus and ReLU hidden units, trained by full-batch gradient descent with step eta on
/// the square loss L = 1/(2n) ||f - y||^2 (ours: theirs divided by n) for Gaussian labels of points of the unit
/// sphere in d = 10. With K = J J^T the tangent kernel:
/// <list type="bullet">
/// <item>uniform conditioning (their Sec. 4): for wide nets lambda_min(K(w_t)) &gt;= mu &gt; 0 along the whole path, here
/// checked as min_t lambda_min(K(w_t)) &gt;= lambda_min(K(w_0)) / 2;</item>
/// <item>PL* (their eq. 4 with Theorem 3): ||grad L||^2 &gt;= 2 lambda_min(K) L, in our scaling
/// ||grad L||^2 / L &gt;= 2 lambda_min(K) / n (see <see cref="Training.Probes.PlProbe"/>), at every recorded step;</item>
/// <item>linear convergence (their Theorem 6): L(w_t) &lt;= (1 - eta mu)^t L(w_0), in our scaling mu = lambda_min / n;
/// checked as ln(per-step loss ratio) / ln(1 - eta mu / n) &gt;= 1 at every recorded interval, mu the path's minimum;</item>
/// <item>transition to linearity (NeurIPS 2020, Theorem 3.2): the spectral norm of the output Hessian at
/// initialization falls like m^(-1/2) with a linear output layer and does not with a non-linear one (softplus:
/// H = phi'(g) H_g + phi''(g) grad g grad g^T, and ||grad g||^2 = K(x, x) = O(1)).</item>
/// </list>
/// The step size eta = 1 keeps eta &lt;= n / lambda_max(K) (their eta &lt;= 1/beta, beta the smoothness of L, about
/// lambda_max(K)/n for a nearly linear model) for every activation: lambda_max(K) is about 2 for tanh and ReLU and 26
/// for softplus at n = 50 (its positive features give K a large constant mode), 3 to 4 times more at n = 200.
/// </summary>
public sealed class PlStar : IReproduction
{
    public static readonly string[] Activations = ["tanh", "softplus", "relu"];
    /// <summary>"identity" is the linear output layer; softplus has phi'' &gt; 0 everywhere.</summary>
    public static readonly string[] OutputActivations = ["identity", "softplus"];
    public static readonly int[] QuickWidths = [64, 256, 1024, 4096], FullWidths = [64, 256, 1024, 4096, 8192];
    public static readonly long[] Seeds = [0, 1];
    public const double LearningRate = 1.0;

    public static readonly Interval LinearSlope = new(-0.65, -0.35), NonLinearSlope = new(-0.2, double.PositiveInfinity);
    /// <summary>lambda_min(K) along the path of a wide net stays above this fraction of its initial value.</summary>
    public const double KeptFraction = 0.5;

    public string Name => "pl-star";
    public string Description => "Wide nets satisfy PL*: lambda_min(K) stays positive along the path, ||grad L||^2 >= 2 lambda_min(K) L, the loss falls like (1 - eta mu)^t, and the output Hessian falls like m^(-1/2) only with a linear output layer.";
    public string Paper => "Liu, Zhu & Belkin, Loss landscapes and optimization in over-parameterized non-linear systems and neural networks, ACHA 2022 (arXiv 2003.00307); On the linearity of large non-linear models, NeurIPS 2020 (arXiv 2010.01092)";

    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 50, steps: 100, QuickWidths, "log:8"),
            "Quick: n = 50 points on S^9 with N(0, 1) labels, one hidden layer of width 64 to 4096 (tanh, softplus, ReLU; linear or " +
            "softplus output), 100 full-batch gradient-descent steps with eta = 1, 2 seeds (48 runs); probes at 9 log-spaced steps.")
        : new ReproductionPlan(Sweep($"{Name}-full", train: 200, steps: 200, FullWidths, "log:6"),
            "Full: n = 200 points on S^9 with N(0, 1) labels, widths 64 to 8192 (the paper's range), 200 steps, 2 seeds (60 runs), probes at 7 " +
            "log-spaced steps. Scaled down: one hidden layer (the output Hessian of a deeper net at width 8192 takes Hessian-vector products " +
            "over 67 million parameters), 2 seeds and 7 probed steps, so that it runs in about 25 minutes on a loaded 2-core machine.");

    private static ExperimentSpec Sweep(string name, int train, int steps, int[] widths, string schedule) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = "mlp", Widths = [widths[0]], Parameterization = "ntk" },
            Data = new DataSpec { Source = "sphere", Train = train, Dim = 10, Labels = "gaussian" },
            Training = new TrainingSpec
            {
                Optimizer = "gd", LearningRate = LearningRate, Loss = "square", Steps = steps,
                Probes = ["loss", "ntk", "pl", "output-hessian"], ProbeSchedule = schedule,
            },
        },
        [
            SweepAxis.Of("network.activation", Activations), SweepAxis.Of("network.outputActivation", OutputActivations),
            SweepAxis.Of("network.widths", widths), SweepAxis.Of("seed", Seeds),
        ],
        name);

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var cells = results.Completed.ToList();
        var linear = cells.Where(c => Output(c) == "identity").ToList();
        var widths = linear.Select(Width).Distinct().Order().ToList();
        // The wide nets: the two largest widths (1024 and 4096 in the quick profile).
        var wide = linear.Where(c => widths.Count >= 2 && Width(c) >= widths[^2]).ToList();
        int n = cells.Count > 0 ? cells[0].Cell.Spec.Data.Train ?? DataSpec.DefaultSyntheticTrain : 0;

        var paths = wide.Select(c => (Cell: c, Path: c.Series("ntk_lambda_min").Select(m => m.Value).ToList())).Where(p => p.Path.Count > 0).ToList();
        double mu = paths.Count > 0 ? paths.Min(p => p.Path.Min()) : double.NaN;
        double kept = paths.Count > 0 ? paths.Min(p => p.Path.Min() / p.Path[0]) : double.NaN;
        double plMargin = PlMargin(cells);
        double rateMargin = paths.Count > 0 ? paths.Min(p => RateMargin(p.Cell, p.Path.Min(), n)) : double.NaN;
        var linearFit = HessianFit(linear);
        var nonLinearFit = HessianFit(cells.Where(c => Output(c) != "identity").ToList());

        Claim[] claims =
        [
            Claim.InRange("conditioning-kept",
                $"for the wide nets (linear output, widths >= {(widths.Count >= 2 ? widths[^2] : 0)}), lambda_min(K(w_t)) stays above mu = {F(mu)} > 0 along the whole path: min_t lambda_min(K(w_t)) / lambda_min(K(w_0)), worst run",
                kept, new Interval(KeptFraction, double.PositiveInfinity), null, "uniform conditioning: at least 1/2"),
            Claim.InRange("pl-star-identity",
                "PL*: ||grad L||^2 / L >= 2 lambda_min(K) / n (our L = 1/(2n) ||f - y||^2) at every recorded step of every run: the smallest ratio of the two",
                plMargin, new Interval(1, double.PositiveInfinity), null, "an identity: ||grad L||^2 = r^T K r / n^2"),
            Claim.InRange("convergence-rate",
                "for the wide nets, the loss falls at least as fast as (1 - eta mu / n)^t, mu = min_t lambda_min(K(w_t)) of the run: the smallest ln(per-step loss ratio) / ln(1 - eta mu / n)",
                rateMargin, new Interval(1, double.PositiveInfinity), null, "PL* Theorem 6: at least 1"),
            Claim.InRange("linear-output-hessian-slope",
                "with a linear output layer, the spectral norm of the output Hessian at initialization falls with width m with a log-log slope near -1/2",
                linearFit?.Slope ?? double.NaN, LinearSlope, linearFit?.SlopeInterval(), "transition to linearity: -1/2"),
            Claim.InRange("softplus-output-hessian-slope",
                "with a softplus on the output, the spectral norm of the output Hessian at initialization does not fall like m^(-1/2): its log-log slope",
                nonLinearFit?.Slope ?? double.NaN, NonLinearSlope, nonLinearFit?.SlopeInterval(), "no transition to linearity: about 0"),
        ];
        return new ReproductionAnalysis(Figures(cells, linear, wide, n, linearFit, nonLinearFit), claims);
    }

    private static double Width(CellResult c) => c.Cell.Spec.Network.Widths[0];
    private static string Activation(CellResult c) => c.Cell.Spec.Network.Activation;
    private static string Output(CellResult c) => c.Cell.Spec.Network.OutputActivation ?? "identity";
    private static string F(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>min over every run and recorded step of (||grad L||^2 / L) / (2 lambda_min(K) / n), where the bound is positive.</summary>
    private static double PlMargin(IEnumerable<CellResult> cells)
    {
        var ratios = cells.SelectMany(c => c.Series("pl_ratio").Join(c.Series("pl_bound"), r => r.Step, b => b.Step, (r, b) => (Ratio: r.Value, Bound: b.Value)))
            .Where(p => p.Bound > 0).Select(p => p.Ratio / p.Bound).ToList();
        return ratios.Count > 0 ? ratios.Min() : double.NaN;
    }

    /// <summary>
    /// How many times faster than the theorem's rate the loss fell over the slowest recorded interval of a run:
    /// min ln(q_t) / ln(1 - eta mu / n), q_t the per-step loss ratio (PL* Theorem 6 in our scaling: q_t &lt;= 1 - eta mu / n).
    /// </summary>
    private static double RateMargin(CellResult c, double mu, int n)
    {
        double eta = c.Cell.Spec.Training.ResolveLearningRate(), theorem = Math.Log(1 - eta * mu / n);
        var ratios = c.Series("loss_ratio").Select(m => m.Value).ToList();
        return ratios.Count > 0 && theorem < 0 ? ratios.Min(q => Math.Log(q) / theorem) : double.NaN;
    }

    private static List<(double X, double Y)> InitialHessian(IEnumerable<CellResult> cells) =>
        cells.Select(c => (X: Width(c), Y: c.Series("output_hessian_norm").FirstOrDefault(m => m.Step == 0).Value)).Where(p => p.Y > 0).ToList();

    private static LinearFit? HessianFit(IEnumerable<CellResult> cells) => Fit(InitialHessian(cells));

    private static Figure[] Figures(List<CellResult> cells, List<CellResult> linear, List<CellResult> wide, int n, LinearFit? linearFit, LinearFit? nonLinearFit)
    {
        var width = new ChartAxis("width m (hidden units)");
        var hessianAxis = new ChartAxis("||d^2 f(x) / d theta^2||_2 at initialization");
        var linearHessian = ScalingFigure.Create("h", "", "", InitialHessian(linear), width, hessianAxis, linearFit, -0.5, "theory (linear output): slope -1/2");
        var nonLinearHessian = ScalingFigure.Create("h", "", "", InitialHessian(cells.Except(linear)), width, hessianAxis, nonLinearFit, 0, "theory (softplus output): slope 0");
        var hessianSeries = linearHessian.Chart.Series.Select(s => s with { Legend = "linear output: " + s.Legend })
            .Concat(nonLinearHessian.Chart.Series.Select(s => s with { Legend = "softplus output: " + s.Legend, Color = s.Color + 3 })).ToList();
        var change = linear.Select(c => (X: Width(c), Y: c.Final("ntk_change"))).Where(p => p.Y > 0).ToList();
        return
        [
            TrajectoryFigure.Create("lambda-min-vs-step", "Smallest eigenvalue of the tangent kernel during training",
                "lambda_min(K(w_t)) of the full empirical NTK on the training set against the step, one line per hidden activation and width " +
                "(linear output; geometric mean over seeds, 95% CI band): the wider the net, the flatter its line, so lambda_min stays above a " +
                "positive mu along the whole path (uniform conditioning, Liu, Zhu & Belkin Sec. 4). Smooth activations have far smaller lambda_min (their kernels' eigenvalues decay fast).",
                linear, "ntk_lambda_min", null, c => $"{Activation(c)}, m = {Width(c)}", new ChartAxis("lambda_min(K)", AxisScale.Log)),
            LossFigure(wide, n),
            PlFigure(cells),
            new Figure("output-hessian-vs-width", "Spectral norm of the output Hessian against width",
                "||d^2 f(x) / d theta^2||_2 at initialization (Lanczos, mean over the first 4 training inputs), every activation and seed, against the width " +
                "(log-log), with a least-squares power law for each output layer: it falls like m^(-1/2) with a linear output layer and stays O(1) with a " +
                "softplus on the output, whose Hessian keeps phi''(g) grad g grad g^T (Liu, Zhu & Belkin, NeurIPS 2020, Sec. 4).",
                new Chart(width with { Scale = AxisScale.Log }, hessianAxis with { Scale = AxisScale.Log }, hessianSeries)),
            ScalingFigure.Create("kernel-change-vs-width", "Tangent-kernel change during training against width",
                "||K(w_T) - K(w_0)||_F / ||K(w_0)||_F after training, linear output, every activation and seed, against the width (log-log), with the " +
                "least-squares power law: the kernel stays constant as the width grows (the same O(1/sqrt(m)) Hessian bound).",
                change, width, new ChartAxis("relative kernel change (ratio)"), Fit(change), -0.5, "slope -1/2"),
        ];
    }

    /// <summary>The least-squares power law through (width, value) points, or null with fewer than two widths.</summary>
    private static LinearFit? Fit(List<(double X, double Y)> points) =>
        points.Select(p => p.X).Distinct().Count() >= 2 ? LinearFit.LogLog(points.Select(p => p.X).ToList(), points.Select(p => p.Y).ToList()) : null;

    /// <summary>The training loss of the widest nets per activation with the theorem's L(0) (1 - eta mu / n)^t, mu the smallest lambda_min(K) on their paths.</summary>
    private static Figure LossFigure(List<CellResult> wide, int n)
    {
        var widest = wide.Count > 0 ? wide.Max(Width) : 0;
        var groups = wide.Where(c => Width(c) == widest).GroupBy(Activation).ToList();
        var trajectories = TrajectoryFigure.Create("loss-vs-step", "", "", groups.SelectMany(g => g), "train_loss", null,
            c => $"{Activation(c)}, m = {Width(c)}", new ChartAxis("training loss", AxisScale.Log));
        var series = new List<ChartSeries>();
        foreach (var (line, i) in trajectories.Chart.Series.Select((s, i) => (s, i)))
        {
            var group = groups[i];
            double mu = group.Min(c => c.Series("ntk_lambda_min").Min(m => m.Value));
            double eta = group.First().Cell.Spec.Training.ResolveLearningRate(), start = line.Y[0];
            series.Add(line with { Color = i });
            series.Add(new ChartSeries($"{group.Key}: L(0) (1 - eta mu / n)^t, mu = {F(mu)}", line.X, line.X.Select(t => start * Math.Pow(1 - eta * mu / n, t)).ToList(), SeriesStyle.Dashed) { Color = i });
        }
        return new Figure("loss-vs-step", "Training loss against the PL* rate",
            $"The training loss 1/(2n) sum (f(x_i) - y_i)^2 of the widest nets (m = {widest}, linear output) against the step, per hidden activation " +
            "(geometric mean over seeds, 95% CI band), each with the dashed bound L(0) (1 - eta mu / n)^t of PL* (Liu, Zhu & Belkin, Theorem 6, in our " +
            "scaling) for mu the smallest lambda_min(K) on their paths: every loss lies below its bound, which is loose: the loss falls fast along K's large eigenvalues.",
            trajectories.Chart with { Series = series });
    }

    /// <summary>||grad L||^2 / L against 2 lambda_min(K) / n at every recorded step of every run, with the line y = x.</summary>
    private static Figure PlFigure(List<CellResult> cells)
    {
        var points = cells.SelectMany(c => c.Series("pl_bound").Join(c.Series("pl_ratio"), b => b.Step, r => r.Step, (b, r) => (X: b.Value, Y: r.Value)))
            .Where(p => p.X > 0 && p.Y > 0).ToList();
        var series = new List<ChartSeries> { new("every run and recorded step", points.Select(p => p.X).ToList(), points.Select(p => p.Y).ToList(), SeriesStyle.Points) { Color = 0 } };
        if (points.Count > 0)
        {
            double low = points.Min(p => p.X), high = points.Max(p => p.X);
            series.Add(new ChartSeries("PL* bound: ||grad L||^2 / L = 2 lambda_min(K) / n", [low, high], [low, high], SeriesStyle.Dotted) { Color = 2 });
        }
        return new Figure("pl-ratio", "PL ratio against its tangent-kernel bound",
            "||grad L||^2 / L against 2 lambda_min(K) / n (log-log) at every recorded step of every run (all widths, activations and output layers): " +
            "every point lies above the dotted line y = x, as PL* requires (||grad L||^2 = r^T K r / n^2 >= 2 lambda_min(K) L / n); the margin is the " +
            "part of the residual r outside K's bottom eigenvector.",
            new Chart(new ChartAxis("2 lambda_min(K) / n", AxisScale.Log), new ChartAxis("||grad L||^2 / L", AxisScale.Log), series));
    }
}

using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Kernels;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Du, Zhai, Poczos &amp; Singh (ICLR 2019), "Gradient descent provably optimizes over-parameterized neural networks":
/// their two-layer ReLU network f(x) = m^(-1/2) sum_r a_r relu(w_r . x) (a fixed) trained by full-batch gradient
/// descent on n points of the unit sphere with N(0, 1) labels (their Sec. 6), at widths m over a factor 64 and several
/// seeds. Claims: lambda_0 = lambda_min(H-inf) &gt; 0 (Thm. 3.1); for the widest nets the loss falls linearly in log
/// scale, at least as fast as Thm. 4.1's (1 - eta lambda_0 / 2)^k, and lambda_min(H(t)) stays above lambda_0 / 2
/// (Lemma 3.2); the largest neuron movement max_r ||w_r(k) - w_r(0)|| (Lemma 3.3's bound
/// 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0)) and the activation-pattern change fraction (Fig. 1b) fall like
/// m^(-1/2). The width Thm. 4.1 asks for, m = Omega(n^6 / (lambda_0^4 delta^3)), is reported next to the width that
/// sufficed.
/// </summary>
public sealed class Du2019 : IReproduction
{
    public static readonly int[] QuickWidths = [100, 200, 400, 800, 1600, 3200, 6400];
    public static readonly int[] FullWidths = [250, 500, 1000, 2000, 4000];
    public static readonly long[] Seeds = [0, 1, 2];
    public const string Layer = "hidden";

    public static readonly Interval ExpectedSlope = new(-0.65, -0.35);

    /// <summary>The least R^2 of ln L(k) against k that counts as linear convergence.</summary>
    public const double LinearRSquared = 0.99;

    /// <summary>Loss values below this fraction of L(0) are left out of the rate and linearity checks: float64
    /// round-off of the residual (about 1e-16 relative) floors the loss near 1e-30 L(0), and this stays far above it.</summary>
    public const double RoundOff = 1e-20;

    /// <summary>delta, the failure probability the reported theorem width uses (its constant taken as 1).</summary>
    public const double Delta = 0.1;

    public string Name => "du2019";
    public string Description => "Wide two-layer ReLU nets converge linearly under gradient descent, with H(t) near H-inf and neuron movement and activation-pattern changes falling like m^(-1/2).";
    public string Paper => "Du, Zhai, Poczos & Singh, Gradient descent provably optimizes over-parameterized neural networks, ICLR 2019 (arXiv 1810.02054)";

    /// <summary>
    /// The step is Du et al.'s eta = 1 / lambda_max(H-inf) for their loss 1/2 sum (f - y)^2 (science/du2019.md); our
    /// square loss is 1/(2n) sum (f - y)^2, whose gradient is theirs divided by n, so the same dynamics take
    /// eta_ours = n / lambda_max(H-inf). lambda_max(H-inf) is computed here from the closed form on each seed's data and
    /// the largest is used, so eta_ours / n &lt;= 1 / lambda_max(H-inf) for every seed.
    /// </summary>
    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 200, dim: 50, QuickWidths, steps: 300, schedule: "every:10"),
            "Quick: n = 200 points on the sphere in d = 50 with N(0, 1) labels (the paper: n = d = 1000), full-batch gradient descent " +
            "for 300 steps (the loss reaches about 1e-19 of its start; the paper runs 100 epochs), widths 100 to 6400, 3 seeds (21 runs), " +
            "probes every 10 steps; about a minute on 2 quiet cores.")
        : new ReproductionPlan(Sweep($"{Name}-full", train: 1000, dim: 1000, FullWidths, steps: 100, schedule: "every:10"),
            "Full: the paper's setting, n = 1000 points on the sphere in d = 1000 with N(0, 1) labels and 100 full-batch gradient-descent " +
            "steps, at widths 250 to 4000 and 3 seeds (15 runs), probes every 10 steps; nothing but the widest widths is scaled down (the paper's " +
            "trends need no more). Each seed took 13 to 14 minutes with --threads 1 on a heavily loaded 2-core machine (about 3 CPU-minutes).");

    private static ExperimentSpec Sweep(string name, int train, int dim, int[] widths, int steps, string schedule)
    {
        var data = new DataSpec { Source = "sphere", Train = train, Dim = dim, Labels = "gaussian" };
        return new ExperimentSpec(
            new RunSpec
            {
                Name = name,
                Network = new NetworkSpec { Model = "two-layer-relu", Widths = [widths[0]] },
                Data = data,
                Training = new TrainingSpec
                {
                    Optimizer = "gd", LearningRate = train / Seeds.Max(seed => LimitLambdaMax(data, seed)), Loss = "square", Steps = steps,
                    Probes = ["loss", "du-gram", "movement", "pattern-change"], ProbeSchedule = schedule,
                },
            },
            // Seeds vary slowest: a sweep stopped early has every width of its first seeds.
            [SweepAxis.Of("seed", Seeds), SweepAxis.Of("network.widths", widths)],
            name);
    }

    /// <summary>lambda_max(H-inf) on the training inputs a seed draws.</summary>
    private static double LimitLambdaMax(DataSpec data, long seed)
    {
        using var split = data.Load(seed);
        using var limit = DuGram.HInfinity(split.Train.Inputs);
        return KernelDiagnostics.Spectrum(limit).LambdaMax;
    }

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var cells = results.Completed.Select(c => new DuRun(c)).ToList();
        int widest = cells.Count > 0 ? cells.Max(c => c.Width) : 0;
        var wide = cells.Where(c => c.Width == widest).ToList();
        var width = new ChartAxis("width m (hidden units)");

        var movement = cells.Select(c => (X: (double)c.Width, Y: c.Cell.Final("neuron_movement_max", Layer))).ToList();
        var meanMovement = cells.Select(c => (X: (double)c.Width, Y: c.Cell.Final("neuron_movement_mean", Layer))).ToList();
        var patterns = cells.Select(c => (X: (double)c.Width, Y: c.Cell.Final("pattern_change_fraction", Layer))).ToList();
        var distance = cells.Select(c => (X: (double)c.Width, Y: c.Cell.Series("du_gram_distance") is { Count: > 0 } s ? s[0].Value : double.NaN)).ToList();
        LinearFit? movementFit = Fit(movement), meanFit = Fit(meanMovement), patternFit = Fit(patterns), distanceFit = Fit(distance);

        Claim[] claims =
        [
            LambdaZeroClaim(cells),
            LinearityClaim(wide, widest),
            RateClaim(wide, widest),
            StabilityClaim(wide, widest),
            Claim.InRange("movement-slope", "the largest neuron movement max_r ||w_r(T) - w_r(0)|| falls with width m with a log-log slope near -1/2",
                movementFit?.Slope ?? double.NaN, ExpectedSlope, movementFit?.SlopeInterval(), "theory: -1/2"),
            Claim.InRange("pattern-change-slope", "the activation-pattern change fraction falls with width m with a log-log slope near -1/2",
                patternFit?.Slope ?? double.NaN, ExpectedSlope, patternFit?.SlopeInterval(), "theory: -1/2"),
        ];

        Figure[] figures =
        [
            TrajectoryFigure.Create("loss-vs-step", "Training loss during gradient descent",
                "The training loss 1/(2n) sum (f(x_i) - y_i)^2 against the step, one line per width (geometric mean over seeds, 95% CI band), " +
                "as in Du et al.'s Fig. 1a: a straight line on this log axis is linear (geometric) convergence, and wider nets converge at least as fast.",
                cells.Select(c => c.Cell), "train_loss", null, c => $"m = {c.Cell.Spec.Network.Widths[0]}", new ChartAxis("training loss", AxisScale.Log)),
            ScalingFigure.Create("pattern-change-vs-width", "Activation-pattern changes against width",
                "The fraction of (example, neuron) pairs whose activation 1{w_r . x_i >= 0} differs at the end of training from initialization, " +
                "at each width (log-log, as Du et al.'s Fig. 1b), with the power law fitted through every run and the slope -1/2 of the theory.",
                patterns, width, new ChartAxis("pattern change fraction (ratio)"), patternFit, -0.5, "theory: slope -1/2"),
            ScalingFigure.Create("movement-vs-width", "Largest neuron movement against width",
                $"max_r ||w_r(T) - w_r(0)||_2 at the end of training, at each width (log-log, as Du et al.'s Fig. 1c), with the fitted power law and " +
                $"the slope -1/2 of Lemma 3.3's bound 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0). {BoundText(cells, widest)}",
                movement, width, new ChartAxis("max neuron movement ||w_r(T) - w_r(0)||"), movementFit, -0.5, "theory: slope -1/2"),
            ScalingFigure.Create("mean-movement-vs-width", "Mean neuron movement against width",
                "mean_r ||w_r(T) - w_r(0)||_2 at the end of training, at each width (log-log), with the fitted power law and the slope -1/2.",
                meanMovement, width, new ChartAxis("mean neuron movement ||w_r(T) - w_r(0)||"), meanFit, -0.5, "theory: slope -1/2"),
            LambdaMinFigure(cells),
            ScalingFigure.Create("gram-distance-vs-width", "Distance of H(0) to H-inf against width",
                "||H(0) - H-inf||_2 at initialization, at each width (log-log): the finite-width Gram matrix concentrates around its limit like " +
                "m^(-1/2) (Du et al.'s Lemma 3.1 asks for it to be below lambda_0 / 4).",
                distance, width, new ChartAxis("||H(0) - H-inf||_2"), distanceFit, -0.5, "theory: slope -1/2"),
            SufficientWidthFigure(cells),
        ];
        return new ReproductionAnalysis(figures, claims);
    }

    private static LinearFit? Fit(IReadOnlyList<(double X, double Y)> runs)
    {
        var positive = runs.Where(r => r.Y > 0).ToList();
        return positive.Select(p => p.X).Distinct().Count() >= 2 ? LinearFit.LogLog(positive.Select(p => p.X).ToList(), positive.Select(p => p.Y).ToList()) : null;
    }

    private static Claim LambdaZeroClaim(IReadOnlyList<DuRun> cells)
    {
        double least = cells.Count > 0 ? cells.Min(c => c.LambdaZero) : double.NaN;
        return new Claim("lambda-zero-positive", "lambda_0 = lambda_min(H-inf) is positive on the sampled data (smallest over the seeds)", least, null,
            "> 0", least > 0, "Du et al. Thm. 3.1: no two inputs parallel");
    }

    private static Claim LinearityClaim(IReadOnlyList<DuRun> wide, int widest)
    {
        double least = wide.Count > 0 ? wide.Min(c => c.LogLossFit()?.RSquared ?? double.NaN) : double.NaN;
        return new Claim("linear-convergence", $"the widest nets (m = {widest}) converge linearly: ln L(k) against k is a line (least R^2 over the seeds, until round-off)",
            least, null, $">= {F(LinearRSquared)}", least >= LinearRSquared);
    }

    private static Claim RateClaim(IReadOnlyList<DuRun> wide, int widest)
    {
        double worst = wide.Count > 0 ? wide.Max(c => c.WorstRate) : double.NaN;
        bool holds = wide.Count > 0 && wide.All(c => c.WorstRate <= c.TheoremRate);
        var bounds = wide.Select(c => c.TheoremRate).ToList();
        string range = bounds.Count == 0 ? "" : bounds.Min() == bounds.Max() ? F(bounds[0]) : $"{F(bounds.Min())} to {F(bounds.Max())}";
        return new Claim("convergence-rate", $"the widest nets (m = {widest}) lose loss at least as fast as Thm. 4.1: max over k of (L(k)/L(0))^(1/k), worst seed",
            worst, null, "<= 1 - eta lambda_0 / 2", holds, $"each seed's: {range}; eta = our step / n, Du et al.'s step for 1/2 sum (f - y)^2");
    }

    private static Claim StabilityClaim(IReadOnlyList<DuRun> wide, int widest)
    {
        double least = wide.Count > 0 ? wide.Min(c => c.LeastGramRatio) : double.NaN;
        return new Claim("gram-stability", $"lambda_min(H(t)) stays above lambda_0 / 2 at every recorded step for the widest nets (m = {widest}): min_t lambda_min(H(t)) / lambda_0",
            least, null, ">= 0.5", least >= 0.5, "Du et al. Lemma 3.2");
    }

    /// <summary>lambda_min(H(t)) per width against the step, beside lambda_0 and lambda_0 / 2 (means over seeds).</summary>
    private static Figure LambdaMinFigure(IReadOnlyList<DuRun> cells)
    {
        var figure = TrajectoryFigure.Create("gram-lambda-min-vs-step", "Smallest eigenvalue of H(t) during gradient descent",
            "lambda_min(H(t)) of Du et al.'s Gram matrix on the training inputs against the step, one line per width (mean over seeds, 95% CI band), " +
            "beside lambda_0 = lambda_min(H-inf) and lambda_0 / 2 (means over the seeds' data): Lemma 3.2 keeps lambda_min(H(t)) above lambda_0 / 2 " +
            "while the neurons stay near their initialization, which the wide nets do; narrow nets start below lambda_0 and drift.",
            cells.Select(c => c.Cell), "du_gram_lambda_min", null, c => $"m = {c.Cell.Spec.Network.Widths[0]}", new ChartAxis("lambda_min(H(t))"));
        if (cells.Count == 0) return figure;
        double lambdaZero = cells.Average(c => c.LambdaZero), last = cells.Max(c => c.Loss[^1].Step);
        return figure with
        {
            Chart = figure.Chart with
            {
                Series = [.. figure.Chart.Series,
                    new ChartSeries("lambda_0", [0, last], [lambdaZero, lambdaZero], SeriesStyle.Dashed),
                    new ChartSeries("lambda_0 / 2", [0, last], [lambdaZero / 2, lambdaZero / 2], SeriesStyle.Dotted)],
            },
        };
    }

    /// <summary>min_t lambda_min(H(t)) / lambda_0 per run against width, with the width Thm. 4.1 asks for in the caption.</summary>
    private static Figure SufficientWidthFigure(IReadOnlyList<DuRun> cells)
    {
        var runs = cells.Select(c => (X: (double)c.Width, Y: c.LeastGramRatio)).ToList();
        var widths = cells.Select(c => c.Width).Distinct().Order().ToList();
        // The narrowest width from which on every run kept lambda_min(H(t)) >= lambda_0 / 2 and met the rate of Thm. 4.1.
        int? sufficed = widths.Where(m => cells.Where(c => c.Width >= m).All(c => c.LeastGramRatio >= 0.5 && c.WorstRate <= c.TheoremRate))
            .Select(m => (int?)m).FirstOrDefault();
        double required = cells.Count > 0 ? cells.Max(c => c.TheoremWidth) : double.NaN;
        int n = cells.Count > 0 ? cells[0].N : 0;
        string caption = "The smallest eigenvalue of H(t) over the run divided by lambda_0, for every run against its width (log x), and the line 1/2 " +
            "of Lemma 3.2. Thm. 4.1 asks for m = Omega(n^6 / (lambda_0^4 delta^3)): with its constant taken as 1 and delta = " +
            $"{F(Delta)}, that is {required.ToString("0.0E0", CultureInfo.InvariantCulture)} hidden units for n = {n} (largest over the seeds). " +
            (sufficed is { } m0
                ? $"Here every width from m = {m0} on kept lambda_min(H(t)) >= lambda_0 / 2 and lost loss at least at the theorem's rate, on every seed."
                : "Here no width kept lambda_min(H(t)) >= lambda_0 / 2 and the theorem's rate on every seed from it on.");
        var chart = new Chart(new ChartAxis("width m (hidden units)", AxisScale.Log), new ChartAxis("min_t lambda_min(H(t)) / lambda_0 (ratio)"),
        [
            new ChartSeries("runs (one point per seed)", runs.Select(r => r.X).ToList(), runs.Select(r => r.Y).ToList(), SeriesStyle.Points),
            new ChartSeries("Lemma 3.2: 1/2", widths.Count > 0 ? [widths[0], widths[^1]] : [], widths.Count > 0 ? [0.5, 0.5] : [], SeriesStyle.Dotted),
        ]);
        return new Figure("width-sufficed", "The width the theorem asks for and the width that sufficed", caption, chart);
    }

    private static string BoundText(IReadOnlyList<DuRun> cells, int widest)
    {
        var wide = cells.Where(c => c.Width == widest).ToList();
        if (wide.Count == 0) return "";
        double measured = wide.Average(c => c.Cell.Final("neuron_movement_max", Layer)), bound = wide.Average(c => c.MovementBound);
        return $"At m = {widest} the largest movement is {F(measured)} against the bound's {F(bound)} (means over seeds).";
    }

    private static string F(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>One completed run read for the claims: its width, n, step, lambda_0 and loss curve.</summary>
    private sealed class DuRun
    {
        public DuRun(CellResult cell)
        {
            Cell = cell;
            Width = cell.Cell.Spec.Network.Widths[0];
            N = cell.Cell.Spec.Data.Train ?? DataSpec.DefaultSyntheticTrain;
            PaperStep = (cell.Cell.Spec.Training.LearningRate ?? double.NaN) / N;
            LambdaZero = cell.Final("du_lambda_0");
            Loss = cell.Series("train_loss");
            var fitted = Loss.TakeWhile(m => m.Value > RoundOff * Loss[0].Value).ToList();
            Fitted = fitted;
            WorstRate = fitted.Skip(1).Select(m => Math.Pow(m.Value / fitted[0].Value, 1.0 / m.Step)).DefaultIfEmpty(double.NaN).Max();
            LeastGramRatio = cell.Series("du_gram_lambda_min").Select(m => m.Value / LambdaZero).DefaultIfEmpty(double.NaN).Min();
        }

        public CellResult Cell { get; }
        public int Width { get; }
        public int N { get; }

        /// <summary>Du et al.'s eta for 1/2 sum (f - y)^2: our step on 1/(2n) sum (f - y)^2 divided by n.</summary>
        public double PaperStep { get; }
        public double LambdaZero { get; }
        public IReadOnlyList<Metric> Loss { get; }

        /// <summary>The loss values above <see cref="RoundOff"/> L(0), in step order.</summary>
        public IReadOnlyList<Metric> Fitted { get; }

        /// <summary>max_k (L(k) / L(0))^(1/k): the slowest average per-step rate from the start.</summary>
        public double WorstRate { get; }

        /// <summary>Thm. 4.1: ||y - u(k)||^2 &lt;= (1 - eta lambda_0 / 2)^k ||y - u(0)||^2, and L = ||y - u||^2 / (2n).</summary>
        public double TheoremRate => 1 - PaperStep * LambdaZero / 2;

        public double LeastGramRatio { get; }

        /// <summary>Thm. 4.1's width n^6 / (lambda_0^4 delta^3), constant 1.</summary>
        public double TheoremWidth => Math.Pow(N, 6) / (Math.Pow(LambdaZero, 4) * Math.Pow(Delta, 3));

        /// <summary>Lemma 3.3 / Thm. 4.1: 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0), with ||y - u(0)||^2 = 2 n L(0).</summary>
        public double MovementBound => 4 * Math.Sqrt(N) * Math.Sqrt(2 * N * Loss[0].Value) / (Math.Sqrt(Width) * LambdaZero);

        /// <summary>ln L(k) against k over <see cref="Fitted"/>.</summary>
        public LinearFit? LogLossFit() => Fitted.Count >= 3
            ? LinearFit.LeastSquares(Fitted.Select(m => (double)m.Step).ToList(), Fitted.Select(m => Math.Log(m.Value)).ToList())
            : null;
    }
}

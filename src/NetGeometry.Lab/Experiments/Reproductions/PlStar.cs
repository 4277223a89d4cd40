using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// PL* and transition to linearity (Liu, Zhu &amp; Belkin, ACHA 2022; NeurIPS 2020). One-hidden-layer MLPs in NTK
/// parameterization with tanh and ReLU hidden units, from under-parameterized (p &lt; n parameters) to wide, trained by
/// full-batch gradient descent with step eta on the square loss L = 1/(2n) ||f - y||^2 (ours: theirs divided by n) for
/// Gaussian labels of points of the unit sphere in d = 10. With K = J J^T the tangent kernel and mu = lambda_min(K) / n
/// the PL* constant in our scaling (their Theorem 3: uniform conditioning implies PL*), the claims are:
/// <list type="bullet">
/// <item>uniform conditioning (their Sec. 4) of the widest nets: min_t lambda_min(K(w_t)) &gt;= lambda_min(K(w_0)) / 2;</item>
/// <item>linear convergence (their Theorem 6): the per-step loss ratio is at most 1 - eta mu, mu the path's minimum,
/// measured over the last recorded interval, where the loss is small and the slowest directions of K decide it
/// (a linear model gives (1 - eta mu)^2 there, so the margin is a factor of 2, not orders of magnitude);</item>
/// <item>transition to linearity: the tangent kernel moves less the wider the net (NeurIPS 2020, Theorem 3.2, via the
/// O(1/sqrt(m)) Hessian), and the under-parameterized nets fail the conditions the widest nets meet (ACHA 2022, Sec. 3:
/// PL* cannot hold for p &lt; n);</item>
/// <item>the output Hessian at initialization falls like m^(-1/2) with a linear output layer and does not with a
/// non-linear one (softplus: H = phi'(g) H_g + phi''(g) grad g grad g^T, and ||grad g||^2 = K(x, x) = O(1)).</item>
/// </list>
/// PL* itself, ||grad L||^2 / L &gt;= 2 lambda_min(K) / n, is the identity ||grad L||^2 = r^T K r / n^2 in our scaling
/// (see <see cref="Training.Probes.PlProbe"/>): a check. The step eta = 8 keeps eta &lt;= n / lambda_max(K) (their
/// eta &lt;= 1/beta, beta about lambda_max(K)/n for a nearly linear model): lambda_max(K) is about 2 for tanh and ReLU at
/// n = 50 and 3 to 4 times more at n = 200. It is a third of that bound at n = 50 because the narrowest tanh nets, whose
/// kernels grow as they train, diverged at eta = 15 within 1000 steps; a run that diverges all the same counts as
/// failing the conditions. Softplus hidden units are left out: their positive features give K a large
/// constant mode (lambda_max about 26 at n = 50), which would force a step 13 times smaller on every run.
/// </summary>
public sealed class PlStar : IReproduction
{
    public static readonly string[] Activations = ["tanh", "relu"];
    /// <summary>"identity" is the linear output layer; softplus has phi'' &gt; 0 everywhere.</summary>
    public static readonly string[] OutputActivations = ["identity", "softplus"];
    /// <summary>With d = 10 a net of width m has p = 12 m + 1 parameters: 2 and 4 are below n = 50, 4 and 16 below n = 200.</summary>
    public static readonly int[] QuickWidths = [2, 4, 16, 64, 256, 1024, 4096], FullWidths = [4, 16, 64, 256, 1024, 4096, 8192];
    /// <summary>The full profile's seeds; the quick profile runs the first two.</summary>
    public static readonly long[] Seeds = [0, 1, 2];
    public const double LearningRate = 8.0;
    internal const int QuickSeeds = 2;

    /// <summary>The output-Hessian slopes are fitted over widths from this one (the range the sweep had before it reached p &lt; n).</summary>
    internal const int HessianFitFrom = 64;

    public static readonly Interval LinearSlope = new(-0.65, -0.35), NonLinearSlope = new(-0.2, double.PositiveInfinity);
    /// <summary>lambda_min(K) along the path of a wide net stays above this fraction of its initial value.</summary>
    public const double KeptFraction = 0.5;

    public string Name => "pl-star";
    public string Description => "Wide nets satisfy PL*: lambda_min(K) stays positive along the path and the loss falls at least like (1 - eta mu)^t; the kernel moves less the wider the net, nets with fewer parameters than points fail; the output Hessian falls like m^(-1/2) only with a linear output layer.";
    public string Paper => "Liu, Zhu & Belkin, Loss landscapes and optimization in over-parameterized non-linear systems and neural networks, ACHA 2022 (arXiv 2003.00307); On the linearity of large non-linear models, NeurIPS 2020 (arXiv 2010.01092)";

    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", train: 50, steps: 2000, QuickWidths, Seeds[..QuickSeeds], "log:10"),
            "Quick: n = 50 points on S^9 with N(0, 1) labels, one hidden layer of width 2 to 4096 (p = 25 to 49153 parameters; tanh, ReLU; " +
            "linear or softplus output), 2000 full-batch gradient-descent steps with eta = 8, 2 seeds (56 runs); probes at 11 log-spaced steps.")
        : new ReproductionPlan(Sweep($"{Name}-full", train: 200, steps: 6000, FullWidths, Seeds, "log:12"),
            "Full: n = 200 points on S^9 with N(0, 1) labels, widths 4 to 8192 (p = 49 to 98305; the paper's range and below n), 6000 steps " +
            "with eta = 8, 3 seeds (84 runs), probes at 13 log-spaced steps. Scaled down: one hidden layer (the output Hessian of a deeper " +
            "net at width 8192 takes Hessian-vector products over 67 million parameters), 3 seeds and 13 probed steps.");

    private static ExperimentSpec Sweep(string name, int train, int steps, int[] widths, long[] seeds, string schedule) => new(
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
            SweepAxis.Of("network.widths", widths), SweepAxis.Of("seed", seeds),
        ],
        name);

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var all = PlStarRun.Of(results);
        // Diverged runs fail Liu et al.'s conditions (narrow-fail-wide-hold); every other line is on the runs that completed.
        var runs = all.Where(r => !r.Diverged).ToList();
        var linear = runs.Where(r => r.LinearOutput).ToList();
        var linearAll = all.Where(r => r.LinearOutput).ToList();
        double widest = linear.Count > 0 ? linear.Max(r => r.Width) : double.NaN;
        var wide = linear.Where(r => r.Width == widest).ToList();
        var narrowWidths = linearAll.Where(r => r.UnderParameterized).Select(r => r.Width).Distinct().Order().ToList();
        int n = runs.Count > 0 ? runs[0].Train : 0;

        var kept = PerSeed(wide, g => g.Min(r => r.Kept));
        var rate = PerSeed(wide, g => g.Min(r => r.FinalRate));
        var change = PerSeed(linear, g => Fit(g.Select(r => (r.Width, r.Cell.Final("ntk_change"))))?.Slope ?? double.NaN);
        var contrast = PerSeed(linearAll, g => Fraction(g.Where(r => r.Width == widest)) - Fraction(g.Where(r => r.UnderParameterized)));
        var onsets = linearAll.GroupBy(r => r.Seed).OrderBy(g => g.Key).Select(g => $"seed {g.Key}: {Onset(g.ToList(), n)}").ToList();
        var linearSlope = PerSeed(linear.Where(r => r.Width >= HessianFitFrom), HessianSlope);
        var nonLinearSlope = PerSeed(runs.Where(r => !r.LinearOutput && r.Width >= HessianFitFrom), HessianSlope);
        var pl = runs.Select(r => PlMargin(r.Cell)).OfType<double>().ToList();
        int seeds = runs.Select(r => r.Seed).Distinct().Count();

        string wideText = $"the widest nets (m = {W(widest)}, linear output)";
        Claim[] claims =
        [
            SeedClaim("conditioning-kept",
                $"uniform conditioning: for {wideText}, min_t lambda_min(K(w_t)) / lambda_min(K(w_0)), the worst hidden activation of each seed",
                kept, new Interval(KeptFraction, double.PositiveInfinity), "Liu, Zhu & Belkin Sec. 4: at least 1/2"),
            SeedClaim("rate-vs-pl-star",
                $"linear convergence at the PL* rate: for {wideText}, ln(q) / ln(1 - eta mu / n) over the last recorded interval (q the per-step " +
                $"loss ratio, mu = min_t lambda_min(K(w_t)), eta = {F(wide.Count > 0 ? wide[0].Eta : double.NaN)}), the worst hidden activation of each seed; " +
                $"the loss left there, L(T) / L(0), is {Range(wide.Select(r => r.LossLeft))}",
                rate, new Interval(1, double.PositiveInfinity), "Theorem 6: at least 1; a linear model gives 2"),
            SeedClaim("kernel-change-slope",
                "transition to linearity: the tangent kernel moves less the wider the net: log-log slope of ||K(w_T) - K(w_0)||_F / ||K(w_0)||_F " +
                "against the width, linear output, every width and hidden activation of a seed",
                change, new Interval(double.NegativeInfinity, 0), "NeurIPS 2020 Theorem 3.2: falls, like m^(-1/2)"),
            SeedClaim("narrow-fail-wide-hold",
                $"the nets with fewer parameters than points (p < n = {n}: m = {string.Join(", ", narrowWidths.Select(W))}) fail the conditions " +
                $"{wideText} meet (no divergence, a full-rank K(w_0), conditioning kept, the PL* rate): fraction of runs meeting them at the " +
                $"widest width minus at p < n; the width from which every run (and every wider one) meets them: {string.Join("; ", onsets)}",
                contrast, new Interval(1, double.PositiveInfinity), "ACHA 2022 Sec. 3: no PL* for p < n; 1 is all wide pass, all narrow fail"),
            SeedClaim("linear-output-hessian-slope",
                $"with a linear output layer, the spectral norm of the output Hessian at initialization falls with width m (m >= {HessianFitFrom}): " +
                "log-log slope over the widths and hidden activations of a seed",
                linearSlope, LinearSlope, "transition to linearity: -1/2"),
            SeedClaim("softplus-output-hessian-slope",
                $"with a softplus on the output, the spectral norm of the output Hessian at initialization does not fall like m^(-1/2) (m >= {HessianFitFrom}): " +
                "log-log slope over the widths and hidden activations of a seed",
                nonLinearSlope, NonLinearSlope, "no transition to linearity: about 0"),
            Claim.InRange("pl-star-identity",
                "PL*: ||grad L||^2 / L >= 2 lambda_min(K) / n (our L = 1/(2n) ||f - y||^2) at every recorded step of every run: the smallest ratio of the two",
                pl.Count > 0 ? pl.Min() : double.NaN, new Interval(1, double.PositiveInfinity), null, "an identity: ||grad L||^2 = r^T K r / n^2")
                .AsCheck().OnSeeds(seeds),
        ];
        return new ReproductionAnalysis(PlStarFigures.Create(runs, n, kept, onsets), claims);
    }

    private static string F(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>A width or parameter count as a whole number.</summary>
    internal static string W(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>"a to b": the smallest and largest of the values.</summary>
    private static string Range(IEnumerable<double> values) => values.ToList() is { Count: > 0 } v ? $"{F(v.Min())} to {F(v.Max())}" : "not measured";

    /// <summary>The statistic of each seed's runs, in seed order.</summary>
    private static List<double> PerSeed(IEnumerable<PlStarRun> runs, Func<IEnumerable<PlStarRun>, double> statistic) =>
        runs.GroupBy(r => r.Seed).OrderBy(g => g.Key).Select(g => statistic(g)).ToList();

    /// <summary>
    /// A claim on a per-seed statistic: measured is its mean over seeds, with the 95% t-interval across seeds
    /// (<see cref="SampleMean.ConfidenceInterval"/>); it holds when the mean lies in <paramref name="expected"/>. The
    /// statement lists the value of every seed.
    /// </summary>
    private static Claim SeedClaim(string name, string statement, IReadOnlyList<double> perSeed, Interval expected, string basis)
    {
        var mean = perSeed.Count > 0 ? SampleMean.Of(perSeed) : null;
        return Claim.InRange(name, $"{statement} (per seed: {string.Join(", ", perSeed.Select(F))}; mean over seeds)",
            mean?.Mean ?? double.NaN, expected, mean?.ConfidenceInterval(), basis).OnSeeds(perSeed.Count);
    }

    /// <summary>The fraction of the runs that meet Liu et al.'s conditions (NaN for none).</summary>
    private static double Fraction(IEnumerable<PlStarRun> runs) => runs.ToList() is { Count: > 0 } r ? r.Count(x => x.MeetsConditions) / (double)r.Count : double.NaN;

    /// <summary>"m = 16 (p = 193 = 3.86 n)": the smallest width from which every run of a seed, at that width and every wider
    /// one, meets the conditions, or "no width" when the widest does not.</summary>
    private static string Onset(List<PlStarRun> runs, int n)
    {
        var byWidth = runs.GroupBy(r => r.Width).OrderByDescending(g => g.Key).ToList();
        var holding = byWidth.TakeWhile(g => g.All(r => r.MeetsConditions)).LastOrDefault();
        if (holding is null) return "no width";
        double p = holding.First().Parameters;
        return $"m = {W(holding.Key)} (p = {W(p)} = {F(p / n)} n)";
    }

    private static double HessianSlope(IEnumerable<PlStarRun> runs) => Fit(PlStarFigures.InitialHessian(runs))?.Slope ?? double.NaN;

    /// <summary>min over the recorded steps of a run of (||grad L||^2 / L) / (2 lambda_min(K) / n), where the bound is positive
    /// (null when it never is, as for a rank-deficient K).</summary>
    private static double? PlMargin(CellResult c)
    {
        var ratios = c.Series("pl_ratio").Join(c.Series("pl_bound"), r => r.Step, b => b.Step, (r, b) => (Ratio: r.Value, Bound: b.Value))
            .Where(p => p.Bound > 0).Select(p => p.Ratio / p.Bound).ToList();
        return ratios.Count > 0 ? ratios.Min() : null;
    }

    /// <summary>The least-squares power law through (width, value) points with positive values, or null with fewer than two widths.</summary>
    internal static LinearFit? Fit(IEnumerable<(double X, double Y)> points)
    {
        var kept = points.Where(p => p.Y > 0).ToList();
        return kept.Select(p => p.X).Distinct().Count() >= 2 ? LinearFit.LogLog(kept.Select(p => p.X).ToList(), kept.Select(p => p.Y).ToList()) : null;
    }
}

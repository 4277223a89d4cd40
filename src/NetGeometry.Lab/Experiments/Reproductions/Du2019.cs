using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Kernels;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Networks;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Du, Zhai, Poczos &amp; Singh (ICLR 2019), "Gradient descent provably optimizes over-parameterized neural networks":
/// their two-layer ReLU network f(x) = m^(-1/2) sum_r a_r relu(w_r . x) (a fixed) trained by full-batch gradient
/// descent on n points of the unit sphere with N(0, 1) labels (their Sec. 6), at widths m over a factor 1000 and more, and several
/// seeds, from nets too narrow for Du et al.'s conditions (quick: m d &lt; n, H(0) singular) to wide ones. Checks:
/// lambda_0 = lambda_min(H-inf) &gt; 0 (Thm. 3.1), H(0) singular where m d &lt; n. Claims: for the widest nets the loss
/// falls linearly in log scale, at least as fast as Thm. 4.1's (1 - eta lambda_0 / 2)^k, and lambda_min(H(t)) stays
/// above lambda_0 / 2 (Lemma 3.2); the rate and min_t lambda_min(H(t)) / lambda_0 rise with width; the narrowest nets
/// fail these conditions where the widest meet them; the width m* from which they hold on every seed is measured and
/// set beside Thm. 4.1's m = Omega(n^6 / (lambda_0^4 delta^3)); from m* on, the largest neuron movement
/// max_r ||w_r(k) - w_r(0)|| (Lemma 3.3's bound 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0)) and the activation-pattern
/// change fraction (Fig. 1b) fall like m^(-1/2). See <see cref="Du2019Claims"/>.
/// </summary>
public sealed class Du2019 : IReproduction
{
    public static readonly int[] QuickWidths = [2, 4, 8, 16, 32, 64, 100, 200, 400, 800, 1600, 3200, 6400];
    public static readonly int[] FullWidths = [4, 8, 16, 32, 64, 125, 250, 500, 1000, 2000, 4000];
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
            "for 300 steps (the paper runs 100 epochs), widths 2 to 6400 (m = 2 has m d = 100 < n hidden weights, so H(0) is singular), " +
            "3 seeds (39 runs), probes every 10 steps; about a minute on 2 quiet cores.")
        : new ReproductionPlan(Sweep($"{Name}-full", train: 1000, dim: 1000, FullWidths, steps: 100, schedule: "every:10"),
            "Full: the paper's setting, n = 1000 points on the sphere in d = 1000 with N(0, 1) labels and 100 full-batch gradient-descent " +
            "steps, at widths 4 to 4000 and 3 seeds (33 runs), probes every 10 steps; only the widest widths are scaled down. With d = n no " +
            "width has m d < n; the narrow end, m = 4, is chosen so that about n / 2^m inputs activate no hidden unit at initialization, " +
            "which makes H(0) singular. Run it with --threads 1 on a shared machine (libtorch's eigvalsh of a 1000 x 1000 matrix spins otherwise).");

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
        var evidence = new Du2019Evidence(results.Completed.Select(c => new Du2019Run(c)).ToList());
        return new ReproductionAnalysis(Du2019Figures.All(evidence), Du2019Claims.All(evidence));
    }
}

using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Spectral;
using NetGeometry.Statistics;
using NetGeometry.Training;
using NetGeometry.Training.Probes;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Gradient descent as powers of an integral operator (Su &amp; Yang 2019, Sec. 3-4): for Du et al.'s two-layer ReLU
/// network (a fixed) on points uniform on S^2, H(0)/n approximates L_K, whose eigenvalues are the Funk-Hecke mu_l of
/// kappa(t) = t (pi - arccos t) / (2 pi) with multiplicity N(3, l) = 2l + 1. Under gradient descent on
/// 1/(2n) sum (f - y)^2 the residual obeys r(k+1) ~ (I - eta H/n) r(k) (Du et al. 2019, Sec. 4), so its part in the
/// degree-l eigenspace shrinks like (1 - eta mu_l)^k whatever n is, and a degree-3 part (mu_3 = 0) is never learned.
/// The target is y = 1.0 Y_1 + 0.8 Y_2 + 0.5 Y_3 + 0.6 Y_4 (unit zonal harmonics about one random pole,
/// <see cref="HarmonicLabels"/>); the probe residual-spectrum records the residual's energy per eigen-cluster of
/// H(0)/n at every step, and the analysis rebuilds H(0)/n of each cell from its spec (same seed: the same points,
/// targets and initial network as the run) for the spectrum and the low-rank approximation error.
/// </summary>
public sealed class SuYang2019 : IReproduction
{
    /// <summary>S^2: N(3, l) = 2l + 1 is small, so every cluster used is sharp at n = 500 (docs/spectral.md).</summary>
    public const int Dim = 3;
    /// <summary>eta mu_1 = 1/2: with our loss 1/(2n) sum (f - y)^2 the step multiplies the degree-l residual by 1 - eta mu_l.</summary>
    public const double Eta = 6;
    /// <summary>Long enough for the degree-4 residual to fall below 4% of its energy ((1 - eta mu_4)^240 = 0.037).</summary>
    public const int Steps = 120;
    /// <summary>The decay constant is fitted from step 0 while a degree's energy is at least this fraction of its start
    /// (its norm falls tenfold): past that the slowest eigenvector of the cluster and rounding take over.</summary>
    public const double FitWindow = 1e-2;
    /// <summary>The largest relative distance of the fitted decay constants from theory and from each other.</summary>
    public const double RateTolerance = 0.10;
    /// <summary>The degree-3 part is "not learned" when the residual outside the learned clusters keeps this fraction.</summary>
    public const double StallFraction = 0.8;
    /// <summary>The final risk is within this relative distance of the low-rank approximation error.</summary>
    public const double ApproximationTolerance = 0.15;

    public static readonly HarmonicTerm[] Target = [new(1, 1.0), new(2, 0.8), new(3, 0.5), new(4, 0.6)];
    /// <summary>The target's degrees with mu_l &gt; 0, whose decay is fitted.</summary>
    public static readonly int[] FittedDegrees = [1, 2, 4];
    /// <summary>The eigenspaces gradient descent learns in <see cref="Steps"/> steps: the target's (mu_l &gt; 0) and the constant.</summary>
    public static readonly int[] LearnedDegrees = [0, 1, 2, 4];
    public static readonly int[] QuickSizes = [500, 700, 1000], FullSizes = [500, 1000, 2000];

    public string Name => "su-yang2019";
    public string Description => "Gradient descent on a wide two-layer ReLU net learns each spherical-harmonic degree l at the rate 1 - eta mu_l of the integral operator, whatever n; odd degrees >= 3 are never learned.";
    public string Paper => "Su & Yang, On learning over-parameterized neural networks: a functional approximation perspective, NeurIPS 2019 (arXiv 1905.10826)";

    /// <summary>m = c n log n with c = 1 at the largest n (one width for every n of a profile, so only n changes across
    /// cells; at the smaller n, c is larger).</summary>
    public static int Width(IReadOnlyList<int> sizes) => (int)Math.Ceiling(sizes.Max() * Math.Log(sizes.Max()));

    public ReproductionPlan Plan(Profile profile) => profile == Profile.Quick
        ? new ReproductionPlan(Sweep($"{Name}-quick", QuickSizes),
            $"Quick: n = 500, 700 and 1000 points uniform on S^2 (smaller than the paper-style 500 / 1000 / 2000 of the full profile, to run in about a minute), " +
            $"width m = 1000 ln 1000 = {Width(QuickSizes)} for every n, {Steps} full-batch gradient-descent steps at eta = {Eta}, one seed.")
        : new ReproductionPlan(Sweep($"{Name}-full", FullSizes),
            $"Full: n = 500, 1000 and 2000 points uniform on S^2, width m = 2000 ln 2000 = {Width(FullSizes)} for every n, {Steps} full-batch " +
            $"gradient-descent steps at eta = {Eta}, one seed. Su & Yang state no experiment; these are the sizes of science/su-yang2019.md.");

    private static ExperimentSpec Sweep(string name, int[] sizes) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = "two-layer-relu", Widths = [Width(sizes)] },
            Data = new DataSpec { Source = "sphere", Train = sizes[0], Dim = Dim, Labels = "harmonics", Harmonics = Target },
            Training = new TrainingSpec
            {
                Optimizer = "gd", LearningRate = Eta, Loss = "square", Steps = Steps,
                Probes = ["loss", "residual-spectrum"], ProbeSchedule = "every:1",
            },
        },
        [SweepAxis.Of("data.train", sizes)],
        name);

    /// <summary>The theory: mu_l and N(3, l) for the degrees the probe clusters.</summary>
    public static FunkHeckeSpectrum Theory() => FunkHecke.Eigenvalues(ZonalKernels.Du, Dim, ResidualSpectrumProbe.MaxDegree);

    /// <summary>-log(1 - eta mu_l): the decay constant of the degree-l residual norm per step.</summary>
    public static double TheoryDecay(FunkHeckeSpectrum theory, int degree) => -Math.Log(1 - Eta * theory[degree].Mu);

    /// <summary>minus the least-squares slope of ln ||P_l r(k)|| = ln(energy) / 2 against k, over the steps from 0 while the
    /// energy stays at least <see cref="FitWindow"/> times its start (NaN with fewer than 2 such steps).</summary>
    public static double FittedDecay(IReadOnlyList<Metric> energy)
    {
        var window = energy.TakeWhile(m => m.Value > 0 && m.Value >= FitWindow * energy[0].Value).ToList();
        if (window.Count < 2) return double.NaN;
        return -LinearFit.LeastSquares(window.Select(m => (double)m.Step).ToList(), window.Select(m => Math.Log(m.Value) / 2).ToList()).Slope;
    }

    /// <summary>One cluster of H(0)/n, without its eigenvectors.</summary>
    public sealed record ClusterSummary(int Degree, int Multiplicity, double Mu, int FirstRank, double Min, double Mean, double Max, double MaxRelativeDeviation);

    /// <summary>
    /// What the analysis recomputes for one cell: the spectrum of H(0)/n (largest first) and its clusters; whether the
    /// clusters of <see cref="LearnedDegrees"/> are separated (each one's smallest eigenvalue above the next one's
    /// largest, the last above the rest), so that they have exactly N(3, l) eigenvalues each; the residual energies of
    /// r(0) = f(0) - y per cluster; and the low-rank approximation errors, (1/n) ||r - P r||^2 with P the projection on
    /// the learned clusters, of r(0) (what gradient descent can reach) and of y alone (of f*).
    /// </summary>
    public sealed record InitialSpectrum(int N, double[] Spectrum, IReadOnlyList<ClusterSummary> Clusters, bool Separated,
        ResidualEnergies Residual, double ApproximationError, double TargetApproximationError);

    /// <summary>Rebuilds the cell's points, targets and initial network from its spec (RunExecutor.Prepare with the
    /// same seed) and computes its <see cref="InitialSpectrum"/>: H(0) = DuGram.Finite, as the probe does.</summary>
    public static InitialSpectrum Initial(RunSpec spec, FunkHeckeSpectrum theory)
    {
        using var prepared = RunExecutor.Prepare(spec);
        using var scope = NewDisposeScope();
        var x = prepared.Data.Train.Inputs;
        var y = prepared.Data.Train.Targets;
        int n = (int)x.shape[0];
        using var clusters = EigenClusters.Of(DuGram.Finite(x, ((TwoLayerRelu)prepared.Network).Hidden.Weight).div_(n), theory);
        Tensor output;
        using (no_grad()) output = prepared.Network.Forward(x);
        var residual = ResidualProjection.Of(clusters, output.sub(y));
        var target = ResidualProjection.Of(clusters, y);
        double Beyond(ResidualEnergies e) => e.Total - LearnedDegrees.Sum(e.Of);

        var learned = clusters.Clusters.Where(c => LearnedDegrees.Contains(c.Degree)).OrderBy(c => c.FirstRank).ToList();
        bool separated = learned.Count == LearnedDegrees.Length
            && learned.Zip(learned.Skip(1)).All(p => p.First.Min > p.Second.Max && p.Second.FirstRank == p.First.FirstRank + p.First.Multiplicity)
            && learned[^1].Min > clusters.Spectrum[learned[^1].FirstRank + learned[^1].Multiplicity];
        var summaries = clusters.Clusters.Select(c => new ClusterSummary(c.Degree, c.Multiplicity, c.Mu, c.FirstRank, c.Min, c.Mean, c.Max, c.MaxRelativeDeviation)).ToList();
        return new InitialSpectrum(n, clusters.Spectrum, summaries, separated, residual, Beyond(residual), Beyond(target));
    }

    /// <summary>3 sqrt(N(d, l) / n): the relative scatter allowed to a degree's eigenvalues about mu_l (the
    /// Marchenko-Pastur edge of the Gram matrix of N orthonormal functions sampled at n points is 2 sqrt(N / n)).</summary>
    public static double EigenvalueTolerance(int multiplicity, int n) => 3 * Math.Sqrt(multiplicity / (double)n);

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var theory = Theory();
        var cells = results.Completed.OrderBy(c => c.Cell.Spec.Data.Train).ToList();
        var initial = cells.Select(c => Initial(c.Cell.Spec, theory)).ToList();
        var decays = cells.Select(c => FittedDegrees.ToDictionary(l => l, l => FittedDecay(c.Series("residual_energy", $"degree{l}")))).ToList();

        var claims = new List<Claim>
        {
            SpectrumClaim(initial),
        };
        foreach (var l in FittedDegrees)
        {
            double theoryDecay = TheoryDecay(theory, l);
            var worst = decays.Count == 0 ? double.NaN : decays.Max(d => Math.Abs(d[l] / theoryDecay - 1));
            claims.Add(Claim.InRange($"degree-{l}-decay",
                $"the degree-{l} residual norm decays like (1 - eta mu_{l})^k: the fitted decay constant, at every n, is within {RateTolerance:P0} of -log(1 - eta mu_{l}) = {theoryDecay:G4} (largest relative distance)",
                worst, new Interval(0, RateTolerance), null, $"eta mu_{l} = {Eta * theory[l].Mu:G4}"));
        }
        var spread = decays.Count < 2 ? double.NaN : FittedDegrees.Max(l => decays.Max(d => d[l]) / decays.Min(d => d[l]) - 1);
        claims.Add(Claim.InRange("decay-independent-of-n",
            $"the decay constants do not depend on n: for each of degrees {string.Join(", ", FittedDegrees)}, the largest fitted constant over n = {Sizes(cells)} exceeds the smallest by at most {RateTolerance:P0} (worst degree)",
            spread, new Interval(0, RateTolerance), null, "theory: the rate is fixed by f* and rho alone"));
        var kept = cells.Count == 0 ? double.NaN : cells.Min(c => c.Final("residual_energy", "rest") / c.Series("residual_energy", "rest")[0].Value);
        claims.Add(Claim.InRange("degree-3-not-learned",
            $"the degree-3 part is not learned (mu_3 = 0): the residual energy outside the clusters of H(0)/n, which holds it, keeps at least {StallFraction:P0} of its start after {Steps} steps (smallest over n)",
            kept, new Interval(StallFraction, double.PositiveInfinity), null, "theory: 1"));
        var ratio = cells.Count == 0 ? double.NaN : cells.Zip(initial).Select(p => 2 * p.First.Final("train_loss") / p.Second.ApproximationError).MaxBy(r => Math.Abs(r - 1));
        claims.Add(Claim.InRange("risk-to-approximation-error",
            $"the empirical risk falls to the low-rank approximation error: (1/n) ||f(X) - y||^2 after {Steps} steps over the part of r(0) outside the eigenspaces of degrees {string.Join(", ", LearnedDegrees)} of H(0)/n (farthest from 1 over n)",
            ratio, new Interval(1 - ApproximationTolerance, 1 + ApproximationTolerance), null, "theory: 1"));

        var figures = new List<Figure> { SpectrumFigure(initial, theory) };
        if (cells.Count > 0) figures.Add(EnergyFigure(cells[^1], theory));
        figures.Add(NormalizedEnergyFigure(cells, theory));
        figures.Add(DecayFigure(cells, decays, theory));
        figures.Add(RiskFigure(cells, initial));
        return new ReproductionAnalysis(figures, claims);
    }

    private static string Sizes(IEnumerable<CellResult> cells) => string.Join(", ", cells.Select(c => c.Cell.Spec.Data.Train));

    private static Claim SpectrumClaim(IReadOnlyList<InitialSpectrum> initial)
    {
        var checkedClusters = initial.SelectMany(s => s.Clusters.Where(c => LearnedDegrees.Contains(c.Degree)).Select(c => c.MaxRelativeDeviation / EigenvalueTolerance(c.Multiplicity, s.N))).ToList();
        double worst = checkedClusters.Count == 0 ? double.NaN : checkedClusters.Max();
        bool separated = initial.Count > 0 && initial.All(s => s.Separated);
        return new Claim("spectrum-clusters",
            $"the top {LearnedDegrees.Sum(l => 2 * l + 1)} eigenvalues of H(0)/n form separated clusters of N(3, l) = 1, 3, 5, 9 eigenvalues (degrees 1, 0, 2, 4), each within " +
            $"3 sqrt(N(3, l) / n) of mu_l relatively (a tolerance that shrinks with n): largest deviation / tolerance over degrees and n",
            worst, null, "<= 1, clusters separated", separated && worst <= 1, $"separated: {(separated ? "yes" : "no")}");
    }

    private static Figure SpectrumFigure(IReadOnlyList<InitialSpectrum> initial, FunkHeckeSpectrum theory)
    {
        var ranked = theory.Eigenvalues.Where(e => e.Mu > EigenClusters.NegligibleRelative * theory.Eigenvalues.Max(m => m.Mu)).OrderByDescending(e => e.Mu)
            .SelectMany(e => Enumerable.Repeat(e.Mu, (int)e.Multiplicity)).ToList();
        int shown = ranked.Count + 12;
        var series = initial.Select(s => new ChartSeries($"H(0)/n, n = {s.N}", Enumerable.Range(1, Math.Min(shown, s.N)).Select(r => (double)r).ToList(),
            s.Spectrum.Take(shown).Select(v => Math.Max(v, 1e-12)).ToList(), SeriesStyle.Points)).ToList();
        series.Add(new ChartSeries("theory: mu_l repeated N(3, l) times (degrees 1, 0, 2, 4, 6, 8)", Enumerable.Range(1, ranked.Count).Select(r => (double)r).ToList(), ranked, SeriesStyle.Dashed));
        return new Figure("spectrum", "Spectrum of H(0)/n against the Funk-Hecke eigenvalues",
            "The largest eigenvalues of the finite-width Gram matrix H(0)/n (Du et al.'s H at initialization, divided by n) in rank order, one set of points per n, " +
            $"and the eigenvalues mu_l of Su & Yang's integral operator L_K on S^2, each repeated N(3, l) = 2l + 1 times (dashed). The odd degrees >= 3 have mu_l = 0: " +
            $"they make no plateau. Plateaus: mu_1 = {theory[1].Mu:G4} (3), mu_0 = {theory[0].Mu:G4} (1), mu_2 = {theory[2].Mu:G4} (5), mu_4 = {theory[4].Mu:G4} (9), " +
            $"mu_6 = {theory[6].Mu:G4} (13), mu_8 = {theory[8].Mu:G4} (17); the scatter about each plateau shrinks as n grows.",
            new Chart(new ChartAxis("rank (largest eigenvalue first)"), new ChartAxis("eigenvalue of H(0)/n", AxisScale.Log), series));
    }

    /// <summary>The drawn range of a prediction: down to this fraction of the start, below the floors the runs reach.</summary>
    private const double PredictionFloor = 1e-9;

    /// <summary>E_l(0) (1 - eta mu_l)^(2k) at the steps of <paramref name="energy"/> while it stays above <see cref="PredictionFloor"/> E_l(0).</summary>
    private static ChartSeries Predicted(string legend, IReadOnlyList<Metric> energy, double mu, double scale, int color)
    {
        var points = energy.Select(m => (Step: (double)m.Step, Ratio: Math.Pow(1 - Eta * mu, 2 * m.Step))).TakeWhile(p => p.Ratio >= PredictionFloor).ToList();
        return new ChartSeries(legend, points.Select(p => p.Step).ToList(), points.Select(p => scale * p.Ratio).ToList(), SeriesStyle.Dotted) { Color = color };
    }

    private static Figure EnergyFigure(CellResult cell, FunkHeckeSpectrum theory)
    {
        var series = new List<ChartSeries>();
        for (int i = 0; i < FittedDegrees.Length; i++)
        {
            int l = FittedDegrees[i];
            var energy = cell.Series("residual_energy", $"degree{l}");
            var steps = energy.Select(m => (double)m.Step).ToList();
            series.Add(new ChartSeries($"degree {l}", steps, energy.Select(m => m.Value).ToList(), SeriesStyle.Line) { Color = i });
            series.Add(Predicted($"E_{l}(0) (1 - eta mu_{l})^(2k), eta mu_{l} = {Eta * theory[l].Mu:G3}", energy, theory[l].Mu, energy[0].Value, i));
        }
        var rest = cell.Series("residual_energy", "rest");
        series.Add(new ChartSeries("outside the clusters (holds the degree-3 part)", rest.Select(m => (double)m.Step).ToList(), rest.Select(m => m.Value).ToList(), SeriesStyle.Line) { Color = FittedDegrees.Length });
        return new Figure("residual-energy-per-degree", $"Residual energy per degree, n = {cell.Cell.Spec.Data.Train}",
            "The energy (1/n) ||V_l^T r(k)||^2 of the residual r = f(X) - y in the eigenvectors V_l of the degree-l cluster of H(0)/n, against the step k of gradient descent " +
            "(solid), with the prediction E_l(0) (1 - eta mu_l)^(2k) of the integral-operator theory (dotted, same colour). The energy outside every cluster, which holds the target's " +
            "degree-3 part (mu_3 = 0), barely moves. Once learned, a degree's energy stops at a floor about 1e-8 (degree 1) to 1e-5 (degree 2) of its start: the finite network is not exactly linear in its weights, and H(k) drifts from H(0).",
            new Chart(new ChartAxis("step k"), new ChartAxis("residual energy (1/n) ||P_l r||^2", AxisScale.Log), series));
    }

    private static Figure NormalizedEnergyFigure(IReadOnlyList<CellResult> cells, FunkHeckeSpectrum theory)
    {
        var series = new List<ChartSeries>();
        for (int i = 0; i < FittedDegrees.Length; i++)
        {
            int l = FittedDegrees[i];
            List<Metric> energy = [];
            foreach (var cell in cells)
            {
                energy = cell.Series("residual_energy", $"degree{l}").ToList();
                series.Add(new ChartSeries($"degree {l}, n = {cell.Cell.Spec.Data.Train}", energy.Select(m => (double)m.Step).ToList(),
                    energy.Select(m => m.Value / energy[0].Value).ToList(), SeriesStyle.Line) { Color = i });
            }
            series.Add(Predicted($"(1 - eta mu_{l})^(2k)", energy, theory[l].Mu, 1, i));
        }
        return new Figure("residual-energy-at-several-n", "Relative residual energy per degree at several n",
            "E_l(k) / E_l(0) for degrees 1, 2, 4 (one colour each) at every n of the sweep, with the n-free prediction (1 - eta mu_l)^(2k) (dotted): " +
            "the curves of one degree lie on one another whatever n is, as Su & Yang's rate, fixed by f* and rho alone, says.",
            new Chart(new ChartAxis("step k"), new ChartAxis("E_l(k) / E_l(0) (ratio)", AxisScale.Log), series));
    }

    private static Figure DecayFigure(IReadOnlyList<CellResult> cells, IReadOnlyList<Dictionary<int, double>> decays, FunkHeckeSpectrum theory)
    {
        var sizes = cells.Select(c => (double)c.Cell.Spec.Data.Train!.Value).ToList();
        var series = new List<ChartSeries>();
        for (int i = 0; i < FittedDegrees.Length; i++)
        {
            int l = FittedDegrees[i];
            series.Add(new ChartSeries($"fitted, degree {l}", sizes, decays.Select(d => d[l]).ToList(), SeriesStyle.LineAndPoints) { Color = i });
            if (sizes.Count > 0)
                series.Add(new ChartSeries($"-log(1 - eta mu_{l}) = {TheoryDecay(theory, l):G4}", [sizes[0], sizes[^1]], [TheoryDecay(theory, l), TheoryDecay(theory, l)], SeriesStyle.Dotted) { Color = i });
        }
        return new Figure("decay-constant-vs-n", "Fitted decay constants against n",
            $"minus the least-squares slope of ln ||P_l r(k)|| against k (from step 0 while the degree's energy is above {FitWindow:G2} of its start), at each n, " +
            "and the theory's -log(1 - eta mu_l) (dotted): flat in n.",
            new Chart(new ChartAxis("n (training points)", AxisScale.Log), new ChartAxis("decay constant per step", AxisScale.Log), series));
    }

    private static Figure RiskFigure(IReadOnlyList<CellResult> cells, IReadOnlyList<InitialSpectrum> initial)
    {
        var series = new List<ChartSeries>();
        for (int i = 0; i < cells.Count; i++)
        {
            var loss = cells[i].Series("train_loss");
            var steps = loss.Select(m => (double)m.Step).ToList();
            series.Add(new ChartSeries($"(1/n) ||f(X) - y||^2, n = {initial[i].N}", steps, loss.Select(m => 2 * m.Value).ToList(), SeriesStyle.Line) { Color = i });
            series.Add(new ChartSeries($"approximation error of r(0), n = {initial[i].N}: {initial[i].ApproximationError:G3}", [steps[0], steps[^1]],
                [initial[i].ApproximationError, initial[i].ApproximationError], SeriesStyle.Dashed) { Color = i });
        }
        return new Figure("risk-vs-step", "Empirical risk against the low-rank approximation error",
            "Twice the training loss, (1/n) ||f(X) - y||^2, against the step, one line per n, and (dashed) the low-rank approximation error computed independently at " +
            $"initialization: the energy of r(0) = f(0) - y outside the eigenvectors of degrees {string.Join(", ", LearnedDegrees)} of H(0)/n. The risk falls at the n-free rates to that " +
            "error; it is mostly the target's degree-3 part (energy 0.5^2 = 0.25 in L2) plus the higher-degree part of f(0).",
            new Chart(new ChartAxis("step k"), new ChartAxis("(1/n) ||f(X) - y||^2", AxisScale.Log), series));
    }
}

using System.Globalization;
using NetGeometry.Reporting;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>The figures of <see cref="PlStar"/>: captions say what is plotted; sentences about results are made from the data.</summary>
internal static class PlStarFigures
{
    public static Figure[] Create(List<PlStarRun> runs, int n, IReadOnlyList<double> keptPerSeed, IReadOnlyList<string> onsets)
    {
        var linear = runs.Where(r => r.LinearOutput).ToList();
        var width = new ChartAxis("width m (hidden units)");
        var hessianAxis = new ChartAxis("||d^2 f(x) / d theta^2||_2 at initialization");
        var linearHessian = ScalingFigure.Create("h", "", "", InitialHessian(linear), width, hessianAxis, PlStar.Fit(InitialHessian(linear)), -0.5, "theory (linear output): slope -1/2");
        var nonLinear = runs.Where(r => !r.LinearOutput).ToList();
        var nonLinearHessian = ScalingFigure.Create("h", "", "", InitialHessian(nonLinear), width, hessianAxis, PlStar.Fit(InitialHessian(nonLinear)), 0, "theory (softplus output): slope 0");
        var hessianSeries = linearHessian.Chart.Series.Select(s => s with { Legend = "linear output: " + s.Legend })
            .Concat(nonLinearHessian.Chart.Series.Select(s => s with { Legend = "softplus output: " + s.Legend, Color = s.Color + 3 })).ToList();
        var change = linear.Select(r => (X: r.Width, Y: r.Cell.Final("ntk_change"))).Where(p => p.Y > 0).ToList();
        var fullRank = linear.Where(r => r.FullRank).ToList();
        double widest = linear.Count > 0 ? linear.Max(r => r.Width) : double.NaN;
        string keptText = keptPerSeed.Count > 0
            ? $" At the widest width (m = {PlStar.W(widest)}) the worst path of each seed keeps {string.Join(", ", keptPerSeed.Select(F))} of lambda_min(K(w_0))."
            : "";
        return
        [
            TrajectoryFigure.Create("lambda-min-vs-step", "Smallest eigenvalue of the tangent kernel during training",
                "lambda_min(K(w_t)) of the full empirical NTK on the training set against the step, one line per hidden activation and width " +
                "(linear output; geometric mean over seeds, 95% CI band); runs whose K(w_0) is rank-deficient (lambda_min below " +
                $"{F(PlStarRun.RankTolerance)} lambda_max, as for every net with p < n) are left out.{keptText}",
                fullRank.Select(r => r.Cell), "ntk_lambda_min", null, c => $"{c.Cell.Spec.Network.Activation}, m = {c.Cell.Spec.Network.Widths[0]}",
                new ChartAxis("lambda_min(K)", AxisScale.Log)),
            LossFigure(linear, n, onsets),
            PlFigure(runs),
            new Figure("output-hessian-vs-width", "Spectral norm of the output Hessian against width",
                "||d^2 f(x) / d theta^2||_2 at initialization (Lanczos, mean over the first 4 training inputs), every hidden activation and seed, " +
                $"against the width (log-log), with a least-squares power law for each output layer over the widths m >= {PlStar.HessianFitFrom} and " +
                "the slopes theory gives (-1/2 with a linear output layer, 0 with a softplus on the output; Liu, Zhu & Belkin, NeurIPS 2020, Sec. 4).",
                new Chart(width with { Scale = AxisScale.Log }, hessianAxis with { Scale = AxisScale.Log }, hessianSeries)),
            ScalingFigure.Create("kernel-change-vs-width", "Tangent-kernel change during training against width",
                "||K(w_T) - K(w_0)||_F / ||K(w_0)||_F after training, linear output, every hidden activation and seed, against the width (log-log), with " +
                "the least-squares power law and the slope -1/2 of the O(1/sqrt(m)) Hessian bound.",
                change, width, new ChartAxis("relative kernel change (ratio)"), PlStar.Fit(change), -0.5, "slope -1/2"),
        ];
    }

    private static string F(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>(width, output-Hessian norm at step 0) of each run, where it was measured, over widths from <see cref="PlStar.HessianFitFrom"/>.</summary>
    public static List<(double X, double Y)> InitialHessian(IEnumerable<PlStarRun> runs) =>
        runs.Where(r => r.Width >= PlStar.HessianFitFrom)
            .Select(r => (X: r.Width, Y: r.Cell.Series("output_hessian_norm").FirstOrDefault(m => m.Step == 0).Value)).Where(p => p.Y > 0).ToList();

    /// <summary>The training loss of the widest and the narrowest nets per activation, the widest with the theorem's
    /// L(0) (1 - eta mu / n)^t, mu the smallest lambda_min(K) on their paths.</summary>
    private static Figure LossFigure(List<PlStarRun> linear, int n, IReadOnlyList<string> onsets)
    {
        double widest = linear.Count > 0 ? linear.Max(r => r.Width) : 0, narrowest = linear.Count > 0 ? linear.Min(r => r.Width) : 0;
        var shown = linear.Where(r => r.Width == widest || r.Width == narrowest).ToList();
        var groups = shown.GroupBy(r => (r.Activation, r.Width)).ToList();
        var trajectories = TrajectoryFigure.Create("loss-vs-step", "", "", groups.SelectMany(g => g).Select(r => r.Cell), "train_loss", null,
            c => $"{c.Cell.Spec.Network.Activation}, m = {c.Cell.Spec.Network.Widths[0]}", new ChartAxis("training loss", AxisScale.Log));
        var series = new List<ChartSeries>();
        foreach (var (line, i) in trajectories.Chart.Series.Select((s, i) => (s, i)))
        {
            series.Add(line with { Color = i });
            var group = groups[i];
            if (group.Key.Width != widest) continue;
            double mu = group.Min(r => r.PathLambdaMin), eta = group.First().Eta, start = line.Y[0];
            series.Add(new ChartSeries($"{group.Key.Activation}: L(0) (1 - eta mu / n)^t, mu = {F(mu)}", line.X,
                line.X.Select(t => start * Math.Pow(1 - eta * mu / n, t)).ToList(), SeriesStyle.Dashed) { Color = i });
        }
        string left = string.Join("; ", groups.Select(g => $"{g.Key.Activation}, m = {PlStar.W(g.Key.Width)}: {F(g.Average(r => r.LossLeft))}"));
        return new Figure("loss-vs-step", "Training loss against the PL* rate",
            $"The training loss 1/(2n) sum (f(x_i) - y_i)^2 of the widest (m = {PlStar.W(widest)}) and narrowest (m = {PlStar.W(narrowest)}) nets, linear output, " +
            "against the step, per hidden activation (geometric mean over seeds, 95% CI band); the widest with the dashed bound L(0) (1 - eta mu / n)^t " +
            "of PL* (Liu, Zhu & Belkin, Theorem 6, in our scaling) for mu the smallest lambda_min(K) on their paths. " +
            $"L(T) / L(0), mean over seeds: {left}. The width from which every run meets Liu et al.'s conditions (pl-star/narrow-fail-wide-hold): {string.Join("; ", onsets)}.",
            trajectories.Chart with { Series = series });
    }

    /// <summary>||grad L||^2 / L against 2 lambda_min(K) / n at every recorded step of every run, with the line y = x.</summary>
    private static Figure PlFigure(List<PlStarRun> runs)
    {
        var points = runs.SelectMany(r => r.Cell.Series("pl_bound").Join(r.Cell.Series("pl_ratio"), b => b.Step, q => q.Step, (b, q) => (X: b.Value, Y: q.Value)))
            .Where(p => p.X > 0 && p.Y > 0).ToList();
        var series = new List<ChartSeries> { new("every run and recorded step", points.Select(p => p.X).ToList(), points.Select(p => p.Y).ToList(), SeriesStyle.Points) { Color = 0 } };
        if (points.Count > 0)
        {
            double low = points.Min(p => p.X), high = points.Max(p => p.X);
            series.Add(new ChartSeries("PL* bound: ||grad L||^2 / L = 2 lambda_min(K) / n", [low, high], [low, high], SeriesStyle.Dotted) { Color = 2 });
        }
        return new Figure("pl-ratio", "PL ratio against its tangent-kernel bound",
            "||grad L||^2 / L against 2 lambda_min(K) / n (log-log) at every recorded step of every run where the bound is positive (all widths, " +
            "activations and output layers), with the dotted line y = x. The identity ||grad L||^2 = r^T K r / n^2 puts every point on or above it " +
            "(a point below is a defect: the pl-star-identity check); the height above it is the part of the residual r outside K's bottom eigenvector.",
            new Chart(new ChartAxis("2 lambda_min(K) / n", AxisScale.Log), new ChartAxis("||grad L||^2 / L", AxisScale.Log), series));
    }
}

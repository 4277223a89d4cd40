using System.Globalization;
using NetGeometry.Reporting;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>du2019's figures: Du et al.'s Fig. 1a-c, lambda_min(H(t)), ||H(0) - H-inf|| and the width where their conditions hold.
/// Captions say what is plotted; the sentences with results are generated from the runs.</summary>
internal static class Du2019Figures
{
    public static Figure[] All(Du2019Evidence e)
    {
        var runs = e.Runs;
        var width = new ChartAxis("width m (hidden units)");
        string window = $"The fit uses the widths from m* = {(e.ConditionsWidth is { } m ? m : "none")} on, where Du et al.'s conditions held on every seed.";
        return
        [
            TrajectoryFigure.Create("loss-vs-step", "Training loss during gradient descent",
                "The training loss 1/(2n) sum (f(x_i) - y_i)^2 against the step, one line per width (geometric mean over seeds, 95% CI band), " +
                "as in Du et al.'s Fig. 1a: a straight line on this log axis is linear (geometric) convergence.",
                runs.Select(r => r.Cell), "train_loss", null, Legend, new ChartAxis("training loss", AxisScale.Log)),
            ScalingFigure.Create("pattern-change-vs-width", "Activation-pattern changes against width",
                "The fraction of (example, neuron) pairs whose activation 1{w_r . x_i >= 0} differs at the end of training from initialization, " +
                $"at each width (log-log, as Du et al.'s Fig. 1b), with the fitted power law and the slope -1/2 of the theory. {window}",
                Final(runs, "pattern_change_fraction"), width, new ChartAxis("pattern change fraction (ratio)"), e.PatternFit, -0.5, "theory: slope -1/2", e.ConditionsWidth),
            ScalingFigure.Create("movement-vs-width", "Largest neuron movement against width",
                $"max_r ||w_r(T) - w_r(0)||_2 at the end of training, at each width (log-log, as Du et al.'s Fig. 1c), with the fitted power law and " +
                $"the slope -1/2 of Lemma 3.3's bound 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0). {window} {BoundText(e)}",
                Final(runs, "neuron_movement_max"), width, new ChartAxis("max neuron movement ||w_r(T) - w_r(0)||"), e.MovementFit, -0.5, "theory: slope -1/2", e.ConditionsWidth),
            ScalingFigure.Create("mean-movement-vs-width", "Mean neuron movement against width",
                $"mean_r ||w_r(T) - w_r(0)||_2 at the end of training, at each width (log-log), with the fitted power law and the slope -1/2. {window}",
                Final(runs, "neuron_movement_mean"), width, new ChartAxis("mean neuron movement ||w_r(T) - w_r(0)||"), e.MeanMovementFit, -0.5, "theory: slope -1/2", e.ConditionsWidth),
            LambdaMin(e),
            ScalingFigure.Create("gram-distance-vs-width", "Distance of H(0) to H-inf against width",
                "||H(0) - H-inf||_2 at initialization, at each width (log-log), with the power law fitted through every run and the slope -1/2 " +
                "of the concentration of H(0) around H-inf (Du et al.'s Lemma 3.1 asks for it to be below lambda_0 / 4).",
                Du2019Evidence.AgainstWidth(runs, Du2019Evidence.InitialDistance), width, new ChartAxis("||H(0) - H-inf||_2"), e.DistanceFit, -0.5, "theory: slope -1/2"),
            ConditionsWidth(e),
        ];
    }

    private static string Legend(Sweeps.CellResult cell) => $"m = {cell.Cell.Spec.Network.Widths[0]}";

    private static IReadOnlyList<(double X, double Y)> Final(IEnumerable<Du2019Run> runs, string metric) =>
        Du2019Evidence.AgainstWidth(runs, r => r.Cell.Final(metric, Du2019.Layer));

    /// <summary>lambda_min(H(t)) per width against the step, beside lambda_0 and lambda_0 / 2 (means over seeds).</summary>
    private static Figure LambdaMin(Du2019Evidence e)
    {
        var figure = TrajectoryFigure.Create("gram-lambda-min-vs-step", "Smallest eigenvalue of H(t) during gradient descent",
            "lambda_min(H(t)) of Du et al.'s Gram matrix on the training inputs against the step, one line per width (mean over seeds, 95% CI band), " +
            "beside lambda_0 = lambda_min(H-inf) and lambda_0 / 2 (means over the seeds' data); Lemma 3.2 keeps lambda_min(H(t)) above lambda_0 / 2 " +
            $"while the neurons stay near their initialization. {RatioText(e)}",
            e.Runs.Select(r => r.Cell), "du_gram_lambda_min", null, Legend, new ChartAxis("lambda_min(H(t))"));
        if (e.Runs.Count == 0) return figure;
        double lambdaZero = e.Runs.Average(r => r.LambdaZero), last = e.Runs.Max(r => r.Loss[^1].Step);
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

    /// <summary>"min_t lambda_min(H(t)) / lambda_0 is a to b at m = 2 and c to d at m = 6400 (over seeds)."</summary>
    private static string RatioText(Du2019Evidence e)
    {
        if (e.Runs.Count == 0) return "";
        static string Range(IReadOnlyList<Du2019Run> runs) => $"{F(runs.Min(r => r.LeastGramRatio))} to {F(runs.Max(r => r.LeastGramRatio))}";
        return $"Here min_t lambda_min(H(t)) / lambda_0 is {Range(e.NarrowestRuns)} at m = {e.Narrowest} and {Range(e.WidestRuns)} at m = {e.Widest} (over seeds).";
    }

    /// <summary>min_t lambda_min(H(t)) / lambda_0 per run against width, with the measured width m* and the width Thm. 4.1 asks for in the caption.</summary>
    private static Figure ConditionsWidth(Du2019Evidence e)
    {
        var runs = Du2019Evidence.AgainstWidth(e.Runs, r => r.LeastGramRatio);
        int n = e.Runs.Count > 0 ? e.Runs[0].N : 0;
        string caption = "The smallest eigenvalue of H(t) over the run divided by lambda_0, for every run against its width (log x), and the line 1/2 " +
            "of Lemma 3.2. Thm. 4.1 asks for m = Omega(n^6 / (lambda_0^4 delta^3)): with its constant taken as 1 and delta = " +
            $"{F(Du2019.Delta)}, that is {e.TheoremWidth.ToString("0.0E0", CultureInfo.InvariantCulture)} hidden units for n = {n} (largest over the seeds). " +
            (e.ConditionsWidth is { } m0
                ? $"Measured: from m* = {m0} on, every run kept lambda_min(H(t)) >= lambda_0 / 2 and lost loss at least at the theorem's rate, on every seed."
                : "Measured: no width from which every run kept lambda_min(H(t)) >= lambda_0 / 2 and the theorem's rate on every seed.");
        var chart = new Chart(new ChartAxis("width m (hidden units)", AxisScale.Log), new ChartAxis("min_t lambda_min(H(t)) / lambda_0 (ratio)"),
        [
            new ChartSeries("runs (one point per seed)", runs.Select(r => r.X).ToList(), runs.Select(r => r.Y).ToList(), SeriesStyle.Points),
            new ChartSeries("Lemma 3.2: 1/2", e.Widths.Count > 0 ? [e.Narrowest, e.Widest] : [], e.Widths.Count > 0 ? [0.5, 0.5] : [], SeriesStyle.Dotted),
        ]);
        return new Figure("conditions-width", "The width where Du et al.'s conditions hold, measured, and the width the theorem asks for", caption, chart);
    }

    private static string BoundText(Du2019Evidence e)
    {
        var wide = e.WidestRuns;
        if (wide.Count == 0) return "";
        double measured = wide.Average(r => r.Cell.Final("neuron_movement_max", Du2019.Layer)), bound = wide.Average(r => r.MovementBound);
        return $"At m = {e.Widest} the largest movement is {F(measured)} against the bound's {F(bound)} (means over seeds).";
    }

    private static string F(double value) => Claim.Text(value);
}

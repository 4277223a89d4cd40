using NetGeometry.Experiments.Sweeps;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// What one pl-star run (one cell) measured, in the scaling of <see cref="PlStar"/> (L = 1/(2n) ||f - y||^2, so the
/// PL* constant is mu = lambda_min(K) / n and gradient descent with step eta has the rate 1 - eta mu; Liu, Zhu &amp;
/// Belkin, ACHA 2022, Theorem 6, their L divided by n).
/// </summary>
internal sealed record PlStarRun(CellResult Cell, int Train)
{
    /// <summary>lambda_min(K(w_0)) below this fraction of lambda_max(K(w_0)) counts as a rank-deficient tangent kernel: far
    /// above float64 round-off in the eigensolver (about 1e-13), far below any full-rank kernel of the sweep.</summary>
    public const double RankTolerance = 1e-8;

    public double Width => Cell.Cell.Spec.Network.Widths[0];
    public string Activation => Cell.Cell.Spec.Network.Activation;
    public bool LinearOutput => (Cell.Cell.Spec.Network.OutputActivation ?? "identity") == "identity";
    public long Seed => Cell.Cell.Spec.Seed;
    public double Eta => Cell.Cell.Spec.Training.ResolveLearningRate();

    /// <summary>The loss became NaN or infinite and the run stopped: gradient descent at this step diverged.</summary>
    public bool Diverged => Cell.Run.Status == RunStatus.Diverged;

    /// <summary>The number of trainable parameters p (the run's "parameters" summary).</summary>
    public double Parameters => Cell.Summaries.TryGetValue("parameters", out var p) ? p : double.NaN;

    /// <summary>p &lt; n: fewer parameters than training points, where K = J J^T (rank at most p) cannot be positive definite.</summary>
    public bool UnderParameterized => Parameters < Train;

    private IReadOnlyList<double> LambdaMin => Cell.Series("ntk_lambda_min").Select(m => m.Value).ToList();

    /// <summary>mu of the path in kernel units: min_t lambda_min(K(w_t)) over the recorded steps (NaN when not recorded).</summary>
    public double PathLambdaMin => LambdaMin.Count > 0 ? LambdaMin.Min() : double.NaN;

    /// <summary>min_t lambda_min(K(w_t)) / lambda_min(K(w_0)): how much of the initial conditioning the path keeps.</summary>
    public double Kept => LambdaMin.Count > 0 ? LambdaMin.Min() / LambdaMin[0] : double.NaN;

    /// <summary>lambda_min(K(w_0)) / lambda_max(K(w_0)) above <see cref="RankTolerance"/>.</summary>
    public bool FullRank => LambdaMin.Count > 0 && LambdaMin[0] > RankTolerance * Cell.Series("ntk_lambda_max").FirstOrDefault(m => m.Step == 0).Value;

    /// <summary>
    /// ln(q) / ln(1 - eta mu / n) over the last recorded interval, q its per-step loss ratio and mu = <see cref="PathLambdaMin"/>:
    /// at least 1 when the loss falls at least as fast as PL* Theorem 6 says (NaN when mu is not positive).
    /// </summary>
    public double FinalRate
    {
        get
        {
            double theorem = Math.Log(1 - Eta * PathLambdaMin / Train);
            var ratios = Cell.Series("loss_ratio");
            return ratios.Count > 0 && theorem < 0 ? Math.Log(ratios[^1].Value) / theorem : double.NaN;
        }
    }

    /// <summary>Liu et al.'s conditions on this run: no divergence, a full-rank tangent kernel at w_0, at least <see cref="PlStar.KeptFraction"/>
    /// of lambda_min(K(w_0)) kept along the path (uniform conditioning), and the final loss rate at least the PL* rate.</summary>
    public bool MeetsConditions => !Diverged && FullRank && Kept >= PlStar.KeptFraction && FinalRate >= 1;

    /// <summary>L(w_T) / L(w_0), the training loss left at the end.</summary>
    public double LossLeft => Cell.Series("train_loss") is { Count: > 0 } loss ? loss[^1].Value / loss[0].Value : double.NaN;

    /// <summary>The runs that completed or diverged (the others did not run to an end and say nothing).</summary>
    public static List<PlStarRun> Of(SweepResults results)
    {
        var cells = results.Cells.Where(c => c.Run.Status is RunStatus.Completed or RunStatus.Diverged).ToList();
        int n = cells.Count > 0 ? cells[0].Cell.Spec.Data.Train ?? Data.DataSpec.DefaultSyntheticTrain : 0;
        return cells.Select(c => new PlStarRun(c, n)).ToList();
    }
}

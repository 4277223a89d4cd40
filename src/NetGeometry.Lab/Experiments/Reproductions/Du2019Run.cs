using NetGeometry.Data;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>One completed du2019 run read for the claims: its seed, width, n, step, lambda_0, loss curve and Gram spectrum.</summary>
internal sealed class Du2019Run
{
    public Du2019Run(CellResult cell)
    {
        Cell = cell;
        Seed = cell.Cell.Spec.Seed;
        Width = cell.Cell.Spec.Network.Widths[0];
        N = cell.Cell.Spec.Data.Train ?? DataSpec.DefaultSyntheticTrain;
        Dim = cell.Cell.Spec.Data.Dim;
        PaperStep = (cell.Cell.Spec.Training.LearningRate ?? double.NaN) / N;
        LambdaZero = cell.Final("du_lambda_0");
        Loss = cell.Series("train_loss");
        var fitted = Loss.TakeWhile(m => m.Value > Du2019.RoundOff * Loss[0].Value).ToList();
        Fitted = fitted;
        WorstRate = fitted.Skip(1).Select(m => Math.Pow(m.Value / fitted[0].Value, 1.0 / m.Step)).DefaultIfEmpty(double.NaN).Max();
        var gram = cell.Series("du_gram_lambda_min");
        LeastGramRatio = gram.Select(m => m.Value / LambdaZero).DefaultIfEmpty(double.NaN).Min();
        InitialGramRatio = gram.Count > 0 ? gram[0].Value / LambdaZero : double.NaN;
        DecayRate = LogLossFit() is { } fit ? -fit.Slope : double.NaN;
    }

    public CellResult Cell { get; }
    public long Seed { get; }
    public int Width { get; }
    public int N { get; }

    /// <summary>The input dimension d.</summary>
    public int Dim { get; }

    /// <summary>Du et al.'s eta for 1/2 sum (f - y)^2: our step on 1/(2n) sum (f - y)^2 divided by n.</summary>
    public double PaperStep { get; }
    public double LambdaZero { get; }
    public IReadOnlyList<Metric> Loss { get; }

    /// <summary>The loss values above <see cref="Du2019.RoundOff"/> L(0), in step order.</summary>
    public IReadOnlyList<Metric> Fitted { get; }

    /// <summary>max_k (L(k) / L(0))^(1/k): the slowest average per-step rate from the start.</summary>
    public double WorstRate { get; }

    /// <summary>Thm. 4.1: ||y - u(k)||^2 &lt;= (1 - eta lambda_0 / 2)^k ||y - u(0)||^2, and L = ||y - u||^2 / (2n).</summary>
    public double TheoremRate => 1 - PaperStep * LambdaZero / 2;

    /// <summary>min_t lambda_min(H(t)) / lambda_0 over the recorded steps.</summary>
    public double LeastGramRatio { get; }

    /// <summary>lambda_min(H(0)) / lambda_0.</summary>
    public double InitialGramRatio { get; }

    /// <summary>The measured linear rate: minus the least-squares slope of ln L(k) against k over <see cref="Fitted"/>
    /// (ln L falls by this much per step; larger is faster).</summary>
    public double DecayRate { get; }

    /// <summary>Du et al.'s conditions on this run: lambda_min(H(t)) &gt;= lambda_0 / 2 at every recorded step (Lemma 3.2)
    /// and the loss falls at least at Thm. 4.1's rate.</summary>
    public bool MeetsConditions => LeastGramRatio >= 0.5 && WorstRate <= TheoremRate;

    /// <summary>m d &lt; n: fewer hidden weights than examples, so H(0) = (X X^T) o (S S^T) / m has rank at most m d &lt; n.</summary>
    public bool UnderParameterized => (long)Width * Dim < N;

    /// <summary>Thm. 4.1's width n^6 / (lambda_0^4 delta^3), constant 1.</summary>
    public double TheoremWidth => Math.Pow(N, 6) / (Math.Pow(LambdaZero, 4) * Math.Pow(Du2019.Delta, 3));

    /// <summary>Lemma 3.3 / Thm. 4.1: 4 sqrt(n) ||y - u(0)|| / (sqrt(m) lambda_0), with ||y - u(0)||^2 = 2 n L(0).</summary>
    public double MovementBound => 4 * Math.Sqrt(N) * Math.Sqrt(2 * N * Loss[0].Value) / (Math.Sqrt(Width) * LambdaZero);

    /// <summary>ln L(k) against k over <see cref="Fitted"/>.</summary>
    public LinearFit? LogLossFit() => Fitted.Count >= 3
        ? LinearFit.LeastSquares(Fitted.Select(m => (double)m.Step).ToList(), Fitted.Select(m => Math.Log(m.Value)).ToList())
        : null;
}

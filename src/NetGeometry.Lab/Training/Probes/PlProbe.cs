using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The PL* condition along training (Liu, Zhu &amp; Belkin, ACHA 2022, Definition 3 and Theorem 6), for the square
/// loss. Ours is L = 1/(2n) ||r||^2 with r = vec(F - Y) in R^(n o) (their 1/2 ||F - y||^2 divided by n), so
/// grad L = (1/n) J^T r and, with K = J J^T the full tangent kernel (<see cref="ProbeContext.TangentKernel"/>),
///   ||grad L||^2 = (1/n^2) r^T K r &gt;= (1/n^2) lambda_min(K) ||r||^2 = (2 lambda_min(K) / n) L,
/// i.e. ||grad L||^2 / L &gt;= 2 lambda_min(K) / n (their ||grad L||^2 &gt;= 2 lambda_min(K) L in their scaling).
/// Records pl_ratio = ||grad L||^2 / L (the gradient by autograd over the trainable parameters, as
/// <see cref="GradientNormProbe"/> computes it) and pl_bound = 2 lambda_min(K) / n; and loss_ratio, the per-step
/// loss ratio L(t+1)/L(t) as the geometric mean between this call and the previous one,
/// (L(t) / L(t_prev))^(1 / (t - t_prev)) (exactly L(t+1)/L(t) under the schedule every:1; not recorded at the
/// first call). Gradient descent with step eta on a mu-PL* loss that is beta-smooth, eta &lt;= 1/beta, has
/// loss_ratio &lt;= 1 - eta mu (Theorem 6), with mu = lambda_min(K)/n in our scaling (pl_bound / 2).
/// </summary>
public sealed class PlProbe : IProbe
{
    private (long Step, double Loss)? _previous;

    public string Name => "pl";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("pl_ratio", "||grad L||^2 / L", "the PL ratio: squared gradient norm over the square loss 1/(2n) ||f - y||^2"),
        new("pl_bound", "2 lambda_min(K) / n", "the lower bound on the PL ratio the tangent kernel's smallest eigenvalue gives (PL*)"),
        new("loss_ratio", "per-step loss ratio L(t+1)/L(t)", "the geometric mean of L(t+1)/L(t) between consecutive recorded steps"),
    ];

    /// <summary>Refuses, before the run, a training set whose tangent kernel would be too large.</summary>
    public void Check(INetwork network, DataSplit data) => ProbeContext.RequireKernelRows(data.Train.Count, network.OutputDim);

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        InputException.Require(c.Loss == LossKind.Square, $"the pl probe needs {Loss.Field} square: the PL* bound is for the square loss.");
        double loss = Evaluation.LossOf(c.Loss, c.TrainOutputs, c.Train);
        var values = new List<Metric>();
        if (_previous is { } p && c.Step > p.Step)
            values.Add(c.Value("loss_ratio", Math.Pow(loss / p.Loss, 1.0 / (c.Step - p.Step))));
        _previous = (c.Step, loss);
        double gradient = GradientNormProbe.SquaredNorms(c, c.Network.TrainableParameters()).Sum();
        values.Add(c.Value("pl_ratio", gradient / loss));
        values.Add(c.Value("pl_bound", 2 * c.TangentSpectrum.LambdaMin / c.Train.Count));
        return values;
    }
}

using NetGeometry.Data;
using NetGeometry.Geometry.Kernel;
using NetGeometry.Networks;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The kernel complexity measures of geometrization.md during training (<see cref="InitialKernelComplexity"/>): at
/// every probed step rkhs_norm = ||f_t - f_0||_K0, the RKHS norm of the learned change under the NTK at initialization
/// on the training set; at the first call (step 0) ntk_lambda_min, the smallest eigenvalue of that kernel, and, where
/// the network has a closed-form infinite-width kernel, data_dependent_complexity = sqrt(2 y^T (H-inf)^-1 y / n)
/// (Arora et al. 2019, Theorem 5.1).
/// </summary>
/// <remarks>Stateful: it keeps K0's eigendecomposition and f_0 from its first call, which must be at step 0 (every
/// schedule includes it). Needs at most <see cref="InitialKernelComplexity.MaxExamples"/> training examples.</remarks>
public sealed class RkhsProbe : IProbe, IDisposable
{
    private InitialKernelComplexity? _initial;

    public string Name => "rkhs";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("rkhs_norm", "NTK RKHS norm of the learned change ||f_t - f_0||_K0",
            "sqrt(tr((f_t - f_0)^T K0^+ (f_t - f_0))) on the training set, K0 the per-output empirical NTK at initialization"),
        new("rkhs_kernel_lambda_min", "lambda_min of the NTK at initialization (per output)", "the smallest eigenvalue of K0 = Theta(X, X) / o on the training set"),
        new("data_dependent_complexity", "data-dependent complexity sqrt(2 y^T (H-inf)^-1 y / n)",
            "Arora et al. (2019)'s generalization measure, H-inf the network's infinite-width NTK on the training inputs"),
    ];

    /// <summary>Refuses, before the run, a training set too large for the kernel.</summary>
    public void Check(INetwork network, DataSplit data) => InitialKernelComplexity.RequireSize(data.Train.Count);

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var values = new List<Metric>();
        if (_initial is null)
        {
            _initial = new InitialKernelComplexity(c.Network, c.Train, c.TrainOutputs);
            values.Add(c.Value("rkhs_kernel_lambda_min", _initial.LambdaMin));
            if (_initial.DataDependentComplexity is { } complexity) values.Add(c.Value("data_dependent_complexity", complexity));
        }
        values.Add(c.Value("rkhs_norm", _initial.RkhsNorm(c.TrainOutputs)));
        return values;
    }

    public void Dispose() => _initial?.Dispose();
}

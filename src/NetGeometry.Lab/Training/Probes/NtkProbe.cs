using NetGeometry.Data;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The empirical tangent kernel K(t) = J J^T on the training set along training (Liu, Zhu &amp; Belkin, ACHA 2022,
/// Sec. 4: uniform conditioning, lambda_min(K(w)) &gt;= mu on a ball, implies PL*; and Jacot et al. 2018: K(t) stays
/// at K(0) as the width grows). K is the full (n o) x (n o) kernel of <see cref="ProbeContext.TangentKernel"/>, the
/// object the PL* condition is about for a square loss on o outputs; n o is limited to
/// <see cref="ProbeContext.MaxKernelRows"/>. Records ntk_lambda_min and ntk_lambda_max (eigvalsh of K(t)) and
/// ntk_change = ||K(t) - K(0)||_F / ||K(0)||_F, where K(0) is the kernel of the probe's first call (step 0 of a run),
/// kept from one call to the next.
/// </summary>
public sealed class NtkProbe : IProbe, IDisposable
{
    private Tensor? _initial;

    public string Name => "ntk";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("ntk_lambda_min", "lambda_min(K)", "the smallest eigenvalue of the empirical tangent kernel K = J J^T on the training set (full, n o x n o)"),
        new("ntk_lambda_max", "lambda_max(K)", "the largest eigenvalue of the empirical tangent kernel K on the training set"),
        new("ntk_change", "||K(t) - K(0)||_F / ||K(0)||_F (ratio)", "the relative Frobenius distance of the tangent kernel from its value at initialization"),
    ];

    /// <summary>Refuses, before the run, a training set whose tangent kernel would be too large.</summary>
    public void Check(INetwork network, DataSplit data) => ProbeContext.RequireKernelRows(data.Train.Count, network.OutputDim);

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var kernel = c.TangentKernel;
        _initial ??= kernel.clone().DetachFromDisposeScope();
        var spectrum = c.TangentSpectrum;
        return
        [
            c.Value("ntk_lambda_min", spectrum.LambdaMin),
            c.Value("ntk_lambda_max", spectrum.LambdaMax),
            c.Value("ntk_change", KernelDiagnostics.RelativeFrobeniusDistance(kernel, _initial)),
        ];
    }

    public void Dispose() => _initial?.Dispose();
}

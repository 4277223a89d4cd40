using NetGeometry.Curvature;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The spectral norm ||d^2 f_1(x) / d theta^2||_2 of the Hessian of the network's first output with respect to its
/// trainable parameters, at the first <see cref="Inputs"/> training inputs (fewer if the set is smaller): Liu, Zhu &amp;
/// Belkin (NeurIPS 2020, Theorem 3.2; ACHA 2022, Sec. 5) show it is O(1/sqrt(m)) in the width m for a linear output
/// layer ("transition to linearity") and not with a non-linear one. With o &gt; 1 outputs only the first is measured
/// (their theorem is per output, and the outputs of one network are alike). Each norm is the largest-magnitude
/// eigenvalue by Lanczos (<see cref="Lanczos"/>, relative residual <see cref="Tolerance"/>, at most
/// <see cref="MaxProducts"/> Hessian-vector products, seed 0; a Ritz value never exceeds the true norm). Records
/// output_hessian_norm, the mean over the inputs, and output_hessian_norm_max, the largest.
/// </summary>
public sealed class OutputHessianProbe : IProbe
{
    public const int Inputs = 4, MaxProducts = 40;
    public const double Tolerance = 1e-3;

    public string Name => "output-hessian";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("output_hessian_norm", "||d^2 f / d theta^2||_2", "the spectral norm of the Hessian of the first output with respect to the parameters, mean over the first training inputs"),
        new("output_hessian_norm_max", "max ||d^2 f / d theta^2||_2", "the largest of those spectral norms"),
    ];

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var norms = new List<double>();
        for (long i = 0; i < Math.Min(Inputs, c.Train.Count); i++)
        {
            using var scope = NewDisposeScope();
            var x = c.Train.Inputs.narrow(0, i, 1);
            var first = zeros(new long[] { 1, c.Network.OutputDim }, dtype: c.Network.DType, device: x.device);
            first[0, 0] = 1.0;
            using var hessian = OutputHessian.Create(c.Network, x, first);
            using var top = Lanczos.Eigenpairs(hessian, 1, SpectrumEnd.LargestMagnitude, Tolerance, MaxProducts);
            norms.Add(Math.Abs(top.Values[0]));
        }
        return [c.Value("output_hessian_norm", norms.Average()), c.Value("output_hessian_norm_max", norms.Max())];
    }
}

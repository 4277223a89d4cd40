using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// Hutchinson's trace estimator tr(A) ~ (1/m) sum_j z_j^T A z_j with Rademacher probes z_j (Hutchinson 1989; Avron
/// &amp; Toledo 2011, "Randomized algorithms for estimating the trace of an implicit symmetric positive semi-definite
/// matrix", sec. 2): unbiased, with variance 2 (||A||_F^2 - sum_i A_ii^2) / m. m probes cost m products.
/// </summary>
public static class Hutchinson
{
    /// <summary>tr(A) from <paramref name="probes"/> Rademacher probes, with the t interval of their mean.</summary>
    /// <param name="op">A symmetric operator.</param>
    /// <param name="probes">m, the number of probes and of products; at least 2.</param>
    /// <param name="seed">Seeds the probes.</param>
    /// <param name="confidence">The interval's level, in (0, 1).</param>
    /// <exception cref="ArgumentException">Fewer than 2 probes, or a confidence outside (0, 1).</exception>
    public static TraceEstimate Estimate(ILinearOperator op, int probes, long seed = 0, double confidence = 0.95)
    {
        if (probes < 2) throw new ArgumentException($"Hutchinson needs at least 2 probes for an interval, got {probes}.");
        using var generator = Seeds.Generator(seed);
        var samples = new List<double>();
        for (int done = 0; done < probes; done += OperatorBlock.Width)
        {
            using var z = RandomProbes.Rademacher(generator, op, Math.Min(OperatorBlock.Width, probes - done));
            samples.AddRange(QuadraticForms(op, z));
        }
        return TraceEstimate.FromSamples(0, samples, confidence, probes);
    }

    /// <summary>z_j^T A z_j for each column z_j of Z (one product per column, in blocks).</summary>
    internal static double[] QuadraticForms(ILinearOperator op, Tensor z)
    {
        using var scope = NewDisposeScope();
        return z.mul(OperatorBlock.Apply(op, z)).sum(dim: 0).data<double>().ToArray();
    }
}

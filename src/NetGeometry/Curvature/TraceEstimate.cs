using NetGeometry.Statistics;

namespace NetGeometry.Curvature;

/// <summary>
/// A stochastic estimate of tr(A) with a two-sided confidence interval [Lower, Upper] at level Confidence, and the
/// operator products it took. The interval is the Student t interval of the probes' sample mean (exact for Gaussian
/// samples, and by the central limit theorem as the number of probes grows): it covers the true trace in about a
/// fraction Confidence of independent repetitions.
/// </summary>
/// <param name="Value">The estimate of tr(A).</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
/// <param name="Confidence">The interval's level, in (0, 1).</param>
/// <param name="Products">The operator products used.</param>
public sealed record TraceEstimate(double Value, double Lower, double Upper, double Confidence, int Products)
{
    /// <summary>Whether <paramref name="trace"/> lies in [Lower, Upper].</summary>
    public bool Covers(double trace) => Lower <= trace && trace <= Upper;

    /// <summary>exactPart + mean(samples), with the t interval of the mean (samples.Count - 1 degrees of freedom).</summary>
    internal static TraceEstimate FromSamples(double exactPart, IReadOnlyList<double> samples, double confidence, int products)
    {
        if (samples.Count < 2) throw new ArgumentException("a confidence interval needs at least two probe samples.");
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentException($"the confidence level must lie in (0, 1), got {confidence}.");
        var sample = SampleMean.Of(samples);
        var interval = sample.ConfidenceInterval(confidence);
        double value = exactPart + sample.Mean;
        return new TraceEstimate(value, exactPart + interval.Low, exactPart + interval.High, confidence, products);
    }
}

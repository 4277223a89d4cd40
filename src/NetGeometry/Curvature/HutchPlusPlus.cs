using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// Hutch++ (Meyer, Musco, Musco &amp; Woodruff 2021, "Hutch++: Optimal stochastic trace estimation", Algorithm 1):
/// with m products, draw Rademacher S and G of m/3 columns each, take an orthonormal basis Q of A S, and estimate
/// tr(A) ~ tr(Q^T A Q) + (3/m) tr(G^T (I - Q Q^T) A (I - Q Q^T) G). The first term is exact on the dominant part
/// of the spectrum that A S captures; Hutchinson only sees the deflated rest, so for positive semi-definite A the
/// error falls as 1/m instead of Hutchinson's 1/sqrt(m) (their Theorem 1). The interval is the t interval of the
/// Hutchinson term, given Q.
/// </summary>
public static class HutchPlusPlus
{
    /// <summary>tr(A) from <paramref name="products"/> operator products, with the t interval of the deflated Hutchinson term.</summary>
    /// <param name="op">A symmetric operator.</param>
    /// <param name="products">m, the total products (a third for the sketch S, a third for Q, a third for G); at least 6.</param>
    /// <param name="seed">Seeds S and G.</param>
    /// <param name="confidence">The interval's level, in (0, 1).</param>
    /// <returns>The estimate; its Products counts those taken, fewer than m only when Dimension &lt; m/3.</returns>
    /// <exception cref="ArgumentException">Fewer than 6 products, or a confidence outside (0, 1).</exception>
    public static TraceEstimate Estimate(ILinearOperator op, int products, long seed = 0, double confidence = 0.95)
    {
        if (products < 6) throw new ArgumentException($"Hutch++ needs at least 6 products (2 deflated probes for an interval), got {products}.");
        int sketch = products / 3;
        using var generator = Seeds.Generator(seed);
        using var scope = NewDisposeScope();
        var s = RandomProbes.Rademacher(generator, op, sketch);
        var (q, _) = linalg.qr(OperatorBlock.Apply(op, s));                  // A S and A Q: block products
        double exact = q.mul(OperatorBlock.Apply(op, q)).sum().item<double>();
        var g = RandomProbes.Rademacher(generator, op, products - 2 * sketch);
        var deflated = g.sub(q.matmul(q.t().matmul(g)));
        int used = sketch + (int)q.shape[1] + (int)g.shape[1]; // Q has fewer than m/3 columns only when Dimension < m/3
        return TraceEstimate.FromSamples(exact, Hutchinson.QuadraticForms(op, deflated), confidence, used);
    }
}

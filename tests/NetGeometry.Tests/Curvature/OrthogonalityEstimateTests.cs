using NetGeometry.Curvature;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>Simon's omega recurrence against the true inner products of a Lanczos basis that is never re-orthogonalized
/// beyond the last two vectors (Paige: it loses orthogonality as Ritz values converge).</summary>
public class OrthogonalityEstimateTests
{
    [Fact]
    public void TheEstimateFollowsTheTrueLossOfOrthogonalityWithinAFactorOfTwo()
    {
        const int n = 400, steps = 120, m = steps + 1;
        // A spread bulk and three isolated large eigenvalues: their Ritz values converge in a few dozen steps.
        var lambda = Enumerable.Range(0, n).Select(i => i < n - 3 ? (double)i / n : 10.0 * (n - i)).ToArray();
        using var a = diag(tensor(lambda, dtype: ScalarType.Float64));
        var op = new DenseOperator(a);
        using var basis = new KrylovBasis(n, ScalarType.Float64, CPU, m + 1);
        using (var start = Lanczos.StartVector(op, seed: 3)) basis.Add(start);
        var t = new double[m * m];
        var estimate = new OrthogonalityEstimate(m + 1, n);
        double worstRatio = 0, largestTrue = 0;
        for (int j = 0; j < steps; j++)
        {
            double predicted = 0;
            var (alpha, beta, w, _) = basis.Expand(op, (al, norm) =>
            {
                t[j * m + j] = al;
                predicted = estimate.Predict(t, m, j, norm, normA: lambda.Max());
                return false;
            });
            using (w)
            {
                estimate.Accept(j, remaining: null, beta);
                w.div_(Held(beta));
                double actual = 0;
                for (int k = 0; k + 1 < j; k++)
                {
                    using var row = basis.Row(k);
                    actual = Math.Max(actual, Math.Abs(row.dot(w).item<double>()));
                }
                largestTrue = Math.Max(largestTrue, actual);
                if (actual > 1e-13) worstRatio = Math.Max(worstRatio, actual / predicted);
                basis.Add(w);
                t[j * m + j + 1] = t[(j + 1) * m + j] = beta;
            }
        }
        Assert.True(largestTrue > 1e-6, $"the basis kept orthogonality to {largestTrue:G3}: the test problem does not test the estimate");
        Assert.True(worstRatio <= 2, $"the true loss reached {worstRatio:G3} times the estimate");
    }

    [Fact]
    public void AfterARestartTheRecurrenceStartsFromTheMeasuredInnerProducts()
    {
        // Three vectors, the first and last 1e-10 from orthogonal, T = diag(1, 2, 3): beta omega_(3,0) = T_00 omega_(2,0)
        // - T_22 omega_(0,2) = -2e-10 plus rounding, which the measured start carries and a start from rounding loses.
        var t = new double[] { 1, 0, 0, 0, 2, 0, 0, 0, 3 };
        var measured = new double[] { 1, 0, 1e-10, 0, 1, 0, 1e-10, 0, 1 };
        var estimate = new OrthogonalityEstimate(4, dimension: 100);
        estimate.Reset(measured, 3);
        Assert.InRange(estimate.Predict(t, 3, j: 2, beta: 1, normA: 3), 1.9e-10, 2.1e-10);
        estimate.Reset();
        Assert.True(estimate.Predict(t, 3, j: 2, beta: 1, normA: 3) < 1e-13);
    }
}

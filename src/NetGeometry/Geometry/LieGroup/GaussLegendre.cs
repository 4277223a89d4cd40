namespace NetGeometry.Geometry.LieGroup;

/// <summary>
/// The m-point Gauss-Legendre rule on [0, 1]: nodes t_j and weights w_j with sum_j w_j p(t_j) = integral_0^1 p(t) dt
/// exactly for every polynomial p of degree below 2m. The nodes are the roots of the Legendre polynomial P_m, found
/// by Newton's method from the asymptotic guesses cos(pi (j - 1/4) / (m + 1/2)), with w = 2 / ((1 - x^2) P_m'(x)^2)
/// on [-1, 1] (Abramowitz &amp; Stegun 25.4.29), then mapped to [0, 1].
/// </summary>
public static class GaussLegendre
{
    public static (double[] Nodes, double[] Weights) OnUnitInterval(int m)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, "at least one node.");
        var nodes = new double[m];
        var weights = new double[m];
        for (int j = 0; j < m; j++)
        {
            double x = Math.Cos(Math.PI * (j + 0.75) / (m + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                (double p, derivative) = Legendre(m, x);
                double step = p / derivative;
                x -= step;
                if (Math.Abs(step) <= 1e-16) break;
            }
            (_, derivative) = Legendre(m, x);
            nodes[m - 1 - j] = (1 + x) / 2;
            weights[m - 1 - j] = 1.0 / ((1 - x * x) * derivative * derivative);
        }
        return (nodes, weights);
    }

    /// <summary>P_m(x) and P_m'(x) by the three-term recurrence (k+1) P_{k+1} = (2k+1) x P_k - k P_{k-1}.</summary>
    private static (double Value, double Derivative) Legendre(int m, double x)
    {
        double previous = 1, current = x;
        for (int k = 1; k < m; k++)
            (previous, current) = (current, ((2 * k + 1) * x * current - k * previous) / (k + 1));
        double derivative = m * (x * current - previous) / (x * x - 1);
        return (current, derivative);
    }
}

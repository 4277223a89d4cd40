namespace NetGeometry.Numerics;

/// <summary>A quadrature rule: nodes and weights, sum_k w_k f(x_k) approximating an integral.</summary>
internal sealed record QuadratureRule(double[] Nodes, double[] Weights);

/// <summary>
/// Gauss-Legendre quadrature on [-1, 1]: the n nodes are the roots of the Legendre polynomial P_n, the weights
/// w_k = 2 / ((1 - x_k^2) P_n'(x_k)^2), and the rule is exact for polynomials of degree up to 2n - 1 (Golub &amp;
/// Welsch 1969; Press et al., Numerical Recipes, 3rd ed., Sec. 4.6). For an integrand analytic on the interval the
/// error falls geometrically with n. Roots by Newton's method from Tricomi's estimate cos(pi (k - 1/4) / (n + 1/2)).
/// Kept by hand rather than MathNet.Numerics' GaussLegendreRule: MathNet tabulates orders 2-20, 32, 64, 96, 100, 128,
/// 256, 512 and 1024 only and computes the others stopping Newton at a 1e-10 step, with each weight taken at the point
/// before the last step, so its weights are good to about 1e-11; with it GegenbauerTests' orthogonality check (80
/// nodes, 1e-13) fails by 4e-12 (d = 30: 9e-12), and FunkHecke doubles its nodes up to 8192 against a 1e-13
/// tolerance.
/// </summary>
internal static class GaussLegendre
{
    public static QuadratureRule Rule(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var nodes = new double[n];
        var weights = new double[n];
        for (int k = 0; k < (n + 1) / 2; k++)
        {
            double x = Math.Cos(Math.PI * (k + 0.75) / (n + 0.5)), derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                (double p, derivative) = LegendreWithDerivative(n, x);
                double step = p / derivative;
                x -= step;
                if (Math.Abs(step) <= 1e-14) break; // quadratic convergence: the last step left an error near 1e-28
            }
            (_, derivative) = LegendreWithDerivative(n, x);
            double w = 2 / ((1 - x * x) * derivative * derivative);
            nodes[k] = -x; nodes[n - 1 - k] = x;
            weights[k] = w; weights[n - 1 - k] = w;
        }
        return new QuadratureRule(nodes, weights);
    }

    /// <summary>The n-point rule mapped to [0, 1] (t = (1 + x) / 2, weights halved): sum_j w_j p(t_j) is the integral of
    /// p over [0, 1] for every polynomial p of degree below 2n.</summary>
    public static (double[] Nodes, double[] Weights) OnUnitInterval(int n)
    {
        var rule = Rule(n);
        return (rule.Nodes.Select(x => (1 + x) / 2).ToArray(), rule.Weights.Select(w => w / 2).ToArray());
    }

    /// <summary>P_n(x) by Bonnet's recurrence (j+1) P_{j+1} = (2j+1) x P_j - j P_{j-1}, and
    /// P_n'(x) = n (x P_n - P_{n-1}) / (x^2 - 1).</summary>
    private static (double Value, double Derivative) LegendreWithDerivative(int n, double x)
    {
        double previous = 1, current = x;
        if (n == 0) return (1, 0);
        for (int j = 1; j < n; j++)
        {
            double next = ((2 * j + 1) * x * current - j * previous) / (j + 1);
            previous = current; current = next;
        }
        return (current, n * (x * current - previous) / (x * x - 1));
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>The symmetric tridiagonal matrix T with diagonal alpha and off-diagonal beta (Lanczos coefficients).</summary>
internal static class Tridiagonal
{
    /// <summary>T as a dense m x m float64 tensor.</summary>
    public static Tensor Matrix(IReadOnlyList<double> alpha, IReadOnlyList<double> beta)
    {
        int m = alpha.Count;
        var t = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            t[i * m + i] = alpha[i];
            if (i + 1 < m)
            {
                t[i * m + i + 1] = beta[i];
                t[(i + 1) * m + i] = beta[i];
            }
        }
        return tensor(t, new long[] { m, m });
    }

    /// <summary>
    /// The eigenvalues of T and the last component of each unit eigenvector (in the same order), by the implicit QL
    /// algorithm with Wilkinson shifts (Numerical Recipes, 3rd ed., section 11.4, tqli), accumulating only the last row
    /// of the eigenvector matrix, as Golub &amp; Welsch (1969) accumulate the first: O(m^2) work in managed code. Lanczos
    /// calls it at every step for its residuals |beta_m s_m|; a LAPACK call per step costs far more on a busy machine,
    /// where small multi-threaded calls wait for their threads.
    /// </summary>
    public static (double[] Values, double[] LastComponents) Eigen(IReadOnlyList<double> alpha, IReadOnlyList<double> beta)
    {
        int n = alpha.Count;
        if (beta.Count < n - 1) throw new ArgumentException($"a tridiagonal matrix of order {n} needs {n - 1} off-diagonal entries, got {beta.Count}.");
        var d = alpha.ToArray();
        var e = new double[n];                       // e[i] couples d[i] and d[i + 1]; e[n - 1] = 0
        for (int i = 0; i + 1 < n; i++) e[i] = beta[i];
        var z = new double[n];                       // the last row of the accumulated rotations, starting from I
        z[n - 1] = 1;
        for (int l = 0; l < n; l++)
        {
            for (int iteration = 0; ; iteration++)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon * 4 || Math.Abs(e[m]) + dd == dd) break;
                }
                if (m == l) break;
                if (iteration == 100) throw new ArithmeticException("the tridiagonal QL iteration did not converge.");
                double g = (d[l + 1] - d[l]) / (2 * e[l]);
                double r = Hypot(g, 1);
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.Abs(r) : -Math.Abs(r)));
                double s = 1, c = 1, p = 0;
                int i = m - 1;
                bool underflow = false;
                for (; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    e[i + 1] = r = Hypot(f, g);
                    if (r == 0)
                    {
                        d[i + 1] -= p;
                        e[m] = 0;
                        underflow = true;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * b;
                    d[i + 1] = g + (p = s * r);
                    g = c * r - b;
                    f = z[i + 1];
                    z[i + 1] = s * z[i] + c * f;
                    z[i] = c * z[i] - s * f;
                }
                if (underflow) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
        return (d, z);
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double q = y / x;
        return x * Math.Sqrt(1 + q * q);
    }
}

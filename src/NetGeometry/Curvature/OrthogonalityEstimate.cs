namespace NetGeometry.Curvature;

/// <summary>
/// Estimates of the inner products omega_ik = q_i^T q_k between Lanczos vectors, so that a step reads the whole basis
/// only when its new vector is about to lose orthogonality: partial re-orthogonalization (Simon, "The Lanczos algorithm
/// with partial reorthogonalization", Math. Comp. 42 (1984), the omega recurrence of section 4). Simon writes it for a
/// tridiagonal T; here it is taken for any projected matrix, so that it also holds after a thick restart (the arrowhead
/// of <see cref="ThickRestartLanczos"/>): from A Q_j = Q_j T_j + beta_j q_(j+1) e_j^T + F_j, for k &lt; j,
/// beta_j omega_(j+1,k) = sum_i T_ik omega_(j,i) - sum_i T_ij omega_(k,i) + q_j^T f_k - q_k^T f_j,
/// the rounding terms taken as eps sqrt(n) ||A|| (the size of a product's rounding in n dimensions, as PROPACK does:
/// Larsen 1998; with eps ||A|| and estimates restarted from rounding the Hessian benchmark lost 5e-9 in its tenth
/// value) and added with the sign that makes |omega| larger (Simon's eq. 4.4).
/// </summary>
internal sealed class OrthogonalityEstimate
{
    /// <summary>The inner product of two vectors orthogonalized against each other in float64: the unit roundoff.</summary>
    private const double Rounding = 1.1102230246251565e-16;

    private readonly double[,] omega;
    private readonly double[] next;
    private readonly double noise;

    /// <summary>Estimates for a basis of up to <paramref name="capacity"/> vectors of <paramref name="dimension"/> entries,
    /// all orthonormal to rounding.</summary>
    public OrthogonalityEstimate(int capacity, long dimension)
    {
        noise = Rounding * Math.Sqrt(dimension);
        omega = new double[capacity, capacity];
        next = new double[capacity];
        Reset();
    }

    /// <summary>Every vector orthonormal to rounding (at the start), or, after a thick restart, the inner products
    /// of the new basis's <paramref name="count"/> vectors as measured (<see cref="KrylovBasis.InnerProducts"/>): the kept
    /// Ritz vectors and the next vector inherit the old basis's loss of orthogonality, up to the level kept, and the
    /// recurrence must start from it, not from rounding.</summary>
    public void Reset(double[]? measured = null, int count = 0)
    {
        for (int i = 0; i < omega.GetLength(0); i++)
            for (int k = 0; k < omega.GetLength(1); k++)
                omega[i, k] = i == k ? 1 : i < count && k < count ? Math.Max(Rounding, Math.Abs(measured![i * count + k])) : Rounding;
    }

    /// <summary>The largest estimated |q_(j+1)^T q_k| over k &lt; j - 1 (the last two vectors are projected out at every
    /// step), for the projected matrix <paramref name="t"/> (row-major, <paramref name="stride"/> columns, column j
    /// filled), the new vector's norm before normalization <paramref name="beta"/> and an estimate of ||A||.</summary>
    public double Predict(double[] t, int stride, int j, double beta, double normA)
    {
        double largest = 0;
        for (int k = 0; k + 1 < j; k++)
        {
            double x = 0;
            for (int i = 0; i <= j; i++)
                x += t[i * stride + k] * omega[j, i] - t[i * stride + j] * omega[k, i];
            x += (x < 0 ? -1 : 1) * noise * normA;
            next[k] = x / beta;
            largest = Math.Max(largest, Math.Abs(next[k]));
        }
        return largest;
    }

    /// <summary>Records q_(j+1)'s row: the estimates <see cref="Predict"/> made, or, when w was orthogonalized against the
    /// whole basis, the projections it measured and left (<see cref="KrylovBasis.Orthogonalize"/>'s Remaining, for
    /// w of norm <paramref name="beta"/>), at least rounding: a pass that subtracts only the components above a level
    /// leaves the rest, and the recurrence must start from them, not from rounding.</summary>
    public void Accept(int j, double[]? remaining, double beta)
    {
        for (int k = 0; k <= j; k++)
        {
            double value = k + 1 >= j ? Rounding
                : remaining is null ? next[k]
                : Math.Max(Rounding, Math.Abs(remaining[k]) / beta);
            omega[j + 1, k] = omega[k, j + 1] = value;
        }
        omega[j + 1, j + 1] = 1;
    }
}

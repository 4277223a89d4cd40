using NetGeometry.Numerics;
using System.Globalization;
using System.Numerics;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.LieGroup;

/// <summary>
/// The principal matrix logarithm log(A): the unique X with exp(X) = A whose eigenvalues have imaginary parts in
/// (-pi, pi). It exists exactly when A has no eigenvalue on the closed negative real axis R^- = (-inf, 0]
/// (Higham, Functions of Matrices, SIAM 2008, Thm 1.31); for a real A it is then real. A real matrix with negative
/// eigenvalues may still have a real, non-principal logarithm (when the Jordan blocks of each negative eigenvalue
/// come in equal pairs, Culver 1966; e.g. a rotation by exactly pi), but no primary one: such matrices are refused
/// with a <see cref="MatrixLogDomainException"/>, as are singular ones and those whose eigenvalue lies within
/// <see cref="BranchCutTolerance"/> of the cut (arg within that of pi: the logarithm's condition number grows like
/// 1 / (pi - |arg lambda|), so fewer than about 8 digits would be right).
/// </summary>
/// <remarks>
/// Method: inverse scaling and squaring without a Schur decomposition (Higham 2008, §11.5): take k principal square
/// roots (<see cref="MatrixSquareRoot"/>) until ||A^(1/2^k) - I||_1 &lt;= 1/4, then
/// log(A) = 2^k r_m(A^(1/2^k) - I), with r_m the [m/m] Padé approximant of log(1 + x) evaluated as the m-point
/// Gauss-Legendre rule on log(I + X) = integral_0^1 X (I + tX)^-1 dt (Higham 2008, §11.4, Thm 11.6: the rule is that
/// approximant). m = 8 at radius 1/4 gives a truncation error below 1e-17 (<see cref="PadeTruncationBound"/>, the
/// Kenney-Laub bound |r_m(-x) - log(1 - x)|). Transformation-free, so it handles defective matrices (Jordan blocks)
/// as well as diagonalizable ones, real or complex, single or batched (..., n, n).
/// </remarks>
public static class MatrixLog
{
    /// <summary>How close (in argument, radians) to the negative real axis an eigenvalue may be.</summary>
    public const double BranchCutTolerance = 1e-8;
    /// <summary>||X||_1 below which the Padé approximant is used.</summary>
    public const double PadeRadius = 0.25;
    /// <summary>m, the Padé degree (Gauss-Legendre nodes).</summary>
    public const int PadeDegree = 8;
    private const int MaxSquareRoots = 64;

    /// <summary>log(A) for A (..., n, n), float64 or complex128.</summary>
    /// <exception cref="MatrixLogDomainException">A matrix of the batch has no principal logarithm (<see cref="CheckDomain"/>).</exception>
    /// <exception cref="ArgumentException">A is not a batch of square float64 or complex128 matrices.</exception>
    public static Tensor Principal(Tensor a)
    {
        CheckDomain(a);
        long n = a.shape[^1];
        using var scope = NewDisposeScope();
        var identity = eye(n, dtype: a.dtype, device: a.device);
        var root = a;
        int k = 0;
        while (OneNorm(root.sub(identity)) > PadeRadius)
        {
            if (++k > MaxSquareRoots)
                throw new MatrixLogDomainException($"no principal logarithm found after {MaxSquareRoots} square roots: the matrix is too far from the identity or too ill-conditioned.");
            root = MatrixSquareRoot.Principal(root);
        }
        var x = root.sub(identity);
        var (nodes, weights) = GaussLegendre.OnUnitInterval(PadeDegree);
        var sum = zeros_like(x);
        for (int j = 0; j < nodes.Length; j++)
            sum = sum.add(linalg.solve(identity.add(x.mul(Held(nodes[j])), Held(1)), x).mul(Held(weights[j])), Held(1));
        return sum.mul(Held(Math.Pow(2, k))).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Throws <see cref="MatrixLogDomainException"/> (or <see cref="ArgumentException"/> for a wrong shape or dtype)
    /// unless every matrix of the batch has a principal logarithm.
    /// </summary>
    public static void CheckDomain(Tensor a)
    {
        if (a.dim() < 2 || a.shape[^1] != a.shape[^2])
            throw new ArgumentException($"the matrix logarithm needs square matrices, got shape [{string.Join(", ", a.shape)}].");
        if (a.dtype is not (ScalarType.Float64 or ScalarType.ComplexFloat64))
            throw new ArgumentException($"the matrix logarithm works in float64 or complex128, got {a.dtype}.");
        using var scope = NewDisposeScope();
        if (!a.isfinite().all().item<bool>())
            throw new MatrixLogDomainException("the matrix has NaN or infinite entries: it has no logarithm.");
        var eigenvalues = linalg.eigvals(a).reshape(-1).to(CPU).data<Complex>().ToArray();
        double scale = eigenvalues.Max(Complex.Abs);
        foreach (var lambda in eigenvalues)
        {
            if (Complex.Abs(lambda) <= 1e-14 * scale || scale == 0)
                throw new MatrixLogDomainException("the matrix is singular (an eigenvalue is 0): it has no logarithm.");
            if (Math.PI - Math.Abs(lambda.Phase) <= BranchCutTolerance)
                throw new MatrixLogDomainException(
                    $"the matrix has the eigenvalue {Format(lambda)} on the negative real axis: it has no principal logarithm " +
                    "(a real one exists only when the Jordan blocks of each negative eigenvalue come in equal pairs; NetGeometry computes only the principal one).");
        }
    }

    /// <summary>The largest 1-norm (maximum absolute column sum) over a batch of matrices.</summary>
    internal static double OneNorm(Tensor a)
    {
        using var columnSums = a.abs().sum(-2);
        using var norm = columnSums.max();
        return norm.item<double>();
    }

    /// <summary>
    /// The Kenney-Laub bound on the Padé truncation error for ||X|| &lt;= x: |r_m(-x) - log(1 - x)|
    /// (Higham 2008, §11.4), with r_m the Gauss-Legendre form used by <see cref="Principal"/>.
    /// </summary>
    public static double PadeTruncationBound(double x, int m = PadeDegree)
    {
        var (nodes, weights) = GaussLegendre.OnUnitInterval(m);
        double r = 0;
        for (int j = 0; j < m; j++) r += weights[j] * -x / (1 - nodes[j] * x);
        return Math.Abs(r - Math.Log(1 - x));
    }

    private static string Format(Complex z) =>
        Math.Abs(z.Imaginary) < 1e-300 ? z.Real.ToString("G6", CultureInfo.InvariantCulture)
            : $"{z.Real.ToString("G6", CultureInfo.InvariantCulture)}{(z.Imaginary < 0 ? "-" : "+")}{Math.Abs(z.Imaginary).ToString("G3", CultureInfo.InvariantCulture)}i";
}

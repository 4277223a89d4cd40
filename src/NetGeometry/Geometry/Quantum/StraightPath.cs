using System.Numerics;
using NetGeometry.Engine;
using NetGeometry.Geometry.LieGroup;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Quantum;

/// <summary>
/// A target unitary as the element of SU(2^n) that NetGeometry measures, and the straight path to it: the
/// one-parameter subgroup U(t) = exp(-i H* t), t in [0, 1], with H* the traceless part of i log(V) for the principal
/// logarithm. A unitary is taken up to global phase: of the 2^n elements of SU(2^n) that represent it
/// (U det(U)^(-1/N) times an N-th root of unity), the one whose straight path is cheapest in the metric is the
/// target. Its cost ||H*||_G is the straight path's length, the reference a geodesic is compared with.
/// </summary>
/// <param name="Target">The target in SU(N), exp(-i H*), N x N complex128.</param>
/// <param name="Hamiltonian">H*'s m Pauli coefficients.</param>
/// <param name="Length">||H*||_G, the straight path's length.</param>
public sealed record StraightPath(Tensor Target, double[] Hamiltonian, double Length) : IDisposable
{
    /// <summary>How far from unitary (||U^dagger U - I||_F) an input may be.</summary>
    public const double UnitarityTolerance = 1e-6;

    /// <summary>The target and straight path of <paramref name="unitary"/> (N x N, N = 2^n) in <paramref name="basis"/>,
    /// the cheapest under <paramref name="metric"/> of its N representatives in SU(N).</summary>
    /// <exception cref="InputException">The matrix is not N x N, is not unitary to <see cref="UnitarityTolerance"/>, or has
    /// an eigenvalue -1 for every global phase.</exception>
    public static StraightPath To(Tensor unitary, PauliBasis basis, PenaltyMetric metric)
    {
        int n = basis.Dimension;
        InputException.Require(unitary.dim() == 2 && unitary.shape[0] == n && unitary.shape[1] == n,
            $"the target must be a {n} x {n} matrix for {basis.Qubits} qubit(s), got [{string.Join(", ", unitary.shape)}].");
        using var scope = NewDisposeScope();
        var u = unitary.to_type(ScalarType.ComplexFloat64);
        double deviation = u.mH.matmul(u).sub(eye(n, dtype: ScalarType.ComplexFloat64)).abs().pow(Held(2)).sum().sqrt().item<double>();
        InputException.Require(deviation <= UnitarityTolerance,
            $"the target is not unitary (||U^dagger U - I|| = {deviation:G3}); give its entries to at least 8 digits.");
        var phase = Complex.Exp(-Complex.ImaginaryOne * linalg.det(u).item<Complex>().Phase / n);
        (double[] H, double Cost)? best = null;
        for (int k = 0; k < n; k++)
        {
            var candidate = u.mul(Held(phase * Complex.Exp(2 * Math.PI * Complex.ImaginaryOne * k / n)));
            Tensor logarithm;
            try { logarithm = MatrixLog.Principal(candidate); }
            catch (MatrixLogDomainException) { continue; }
            var h = basis.Coefficients(logarithm.mul(Held(Complex.ImaginaryOne)));
            double cost = metric.Norm(h);
            if (best is null || cost < best.Value.Cost - 1e-12) best = (h.data<double>().ToArray(), cost);
        }
        if (best is not { } chosen)
            throw new InputException("the target has an eigenvalue -1 for every global phase, so no straight path is defined; perturb it slightly.");
        using var generator = tensor(chosen.H, ScalarType.Float64);
        var target = linalg.matrix_exp(basis.ToMatrix(generator).mul(Held(-Complex.ImaginaryOne))).MoveToOuterDisposeScope();
        return new StraightPath(target, chosen.H, chosen.Cost);
    }

    /// <summary>Frees the target.</summary>
    public void Dispose() => Target.Dispose();
}

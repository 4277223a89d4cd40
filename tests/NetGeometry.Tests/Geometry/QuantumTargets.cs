using System.Numerics;
using NetGeometry.Geometry.Quantum;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

/// <summary>Unitaries built from Pauli coefficients for the quantum-geometry tests.</summary>
public static class QuantumTargets
{
    /// <summary>exp(-i sum_k c_k sigma_k) for terms given as ("XX", 0.4) pairs.</summary>
    public static Tensor Exp(PauliBasis basis, params (string Term, double Coefficient)[] terms)
    {
        using var h = Coefficients(basis, terms);
        using var hamiltonian = basis.ToMatrix(h);
        using var generator = hamiltonian.mul(Held(-Complex.ImaginaryOne));
        return linalg.matrix_exp(generator);
    }

    public static Tensor Coefficients(PauliBasis basis, params (string Term, double Coefficient)[] terms)
    {
        var h = new double[basis.Count];
        foreach (var (term, c) in terms) h[basis.IndexOf(term)] += c;
        return tensor(h, ScalarType.Float64);
    }

    /// <summary>
    /// A 2-qubit target with a small entangling part after a large local one: exp(-i 0.4 XX) exp(-i (ZI + 0.8 IY)).
    /// With only one-body terms cheap, its principal generator mixes the two and pays q for much more than the 0.4
    /// that the entangling step needs.
    /// </summary>
    public static Tensor LocalThenEntangling(PauliBasis basis)
    {
        using var entangling = Exp(basis, ("XX", 0.4));
        using var local = Exp(basis, ("ZI", 1.0), ("IY", 0.8));
        return entangling.matmul(local);
    }

    public static double Distance(Tensor a, Tensor b)
    {
        using var difference = a.sub(b);
        using var norm = difference.abs().pow(Held(2)).sum().sqrt();
        return norm.item<double>();
    }
}

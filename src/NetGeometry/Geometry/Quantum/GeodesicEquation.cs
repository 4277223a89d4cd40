using System.Numerics;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Quantum;

/// <summary>
/// Where a geodesic of a right-invariant metric on SU(2^n) goes from the identity in unit time: the endpoint U(1),
/// the final Hamiltonian, and (when asked) the Hamiltonian's Pauli coefficients at every step, for a batch of
/// initial Hamiltonians at once. Dispose it.
/// </summary>
/// <param name="Endpoints">U(1) for each initial Hamiltonian, B x N x N complex128.</param>
/// <param name="FinalHamiltonians">h(1), B x m.</param>
/// <param name="Hamiltonians">h at every step, (steps + 1) x B x m, or null unless kept.</param>
public sealed record GeodesicPath(Tensor Endpoints, Tensor FinalHamiltonians, Tensor? Hamiltonians) : IDisposable
{
    /// <summary>The speed ||H(t)||_G at each kept step (steps + 1 x batch); constant along an exact geodesic.</summary>
    public Tensor Speeds(PenaltyMetric metric)
    {
        using var squared = metric.SquaredNorms(Hamiltonians ?? throw new InvalidOperationException("integrate with keepPath to get the speeds."));
        return squared.sqrt();
    }

    /// <summary>Frees the endpoints and the Hamiltonians.</summary>
    public void Dispose()
    {
        Endpoints.Dispose(); FinalHamiltonians.Dispose(); Hamiltonians?.Dispose();
    }
}

/// <summary>
/// The geodesic equation of Nielsen's penalized metric, integrated in the Pauli-coefficient representation.
/// A path U(t) with dU/dt = -i H(t) U, H(t) = sum_sigma h_sigma(t) sigma, is a geodesic of the right-invariant metric
/// &lt;H, J&gt; = tr(H G(J)) / 2^n exactly when dL/dt = i[L, H] with L = G(H) (Nielsen, Dowling, Gu &amp; Doherty,
/// Science 311, 1133 (2006); derived in docs/geometry.md from the first variation of the energy), i.e.
///   dh/dt = G^-1 coef(i [G(H), H]),   dU/dt = -i H U,   U(0) = I.
/// For q = 1 (G = 1) the right side vanishes: H is constant and U(t) = exp(-i H t).
/// Integrator: the classical fixed-step fourth-order Runge-Kutta method on the pair (h, U) over t in [0, 1]; the
/// global error is O(steps^-4) (halving the step divides it by about 16; <see cref="CircuitComplexity"/> reports
/// the difference). U drifts from unitarity only at that order. One matrix product turns h into H, G(H) and -iH at
/// once, and one more turns the commutator back into G^-1 coef(i .), so a step costs a handful of batched products.
/// </summary>
public sealed class GeodesicEquation : IDisposable
{
    private readonly Tensor _expand;   // m x 3N^2: h @ it = [vec H | vec G(H) | vec(-iH)]
    private readonly Tensor _rate;     // N^2 x m: Re(vec C @ it) = G^-1 coef(i C)
    private readonly long _size;       // N^2

    /// <summary>The equation of <paramref name="metric"/> (on the basis's m coefficients) in <paramref name="basis"/>;
    /// it keeps both without owning them.</summary>
    public GeodesicEquation(PauliBasis basis, PenaltyMetric metric)
    {
        Basis = basis; Metric = metric;
        _size = (long)basis.Dimension * basis.Dimension;
        using var scope = NewDisposeScope();
        var weights = metric.Weights.to_type(ScalarType.ComplexFloat64);
        _expand = cat(new[] { basis.Flat, basis.Flat.mul(weights.unsqueeze(1)), basis.Flat.mul(Held(-Complex.ImaginaryOne)) }, 1)
            .MoveToOuterDisposeScope();
        _rate = basis.Projection.mul(Held(Complex.ImaginaryOne)).div(weights).MoveToOuterDisposeScope();
    }

    /// <summary>The Pauli basis the coefficients h are in.</summary>
    public PauliBasis Basis { get; }

    /// <summary>The penalized metric G.</summary>
    public PenaltyMetric Metric { get; }

    /// <summary>dh/dt = G^-1 coef(i [G(H), H]) for a batch of coefficient vectors (B x m).</summary>
    public Tensor HamiltonianRate(Tensor h)
    {
        using var scope = NewDisposeScope();
        var (rate, _) = Derivatives(h, null);
        return rate.MoveToOuterDisposeScope();
    }

    /// <summary>Integrates from U(0) = I with H(0) given by each row of <paramref name="initial"/> (B x m or m).</summary>
    /// <param name="initial">The initial Hamiltonians' coefficients, B x m or m.</param>
    /// <param name="steps">RK4 steps over t in [0, 1], at least 1.</param>
    /// <param name="keepPath">Whether to keep h at every step (<see cref="GeodesicPath.Hamiltonians"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">steps is below 1.</exception>
    public GeodesicPath Integrate(Tensor initial, int steps, bool keepPath = false)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one step.");
        using var outer = NewDisposeScope();
        var h = (initial.dim() == 1 ? initial.unsqueeze(0) : initial).to_type(ScalarType.Float64).clone();
        long batch = h.shape[0], n = Basis.Dimension;
        var u = eye(n, dtype: ScalarType.ComplexFloat64).expand(batch, n, n).clone();
        var kept = keepPath ? new List<Tensor> { h.clone() } : null;
        double dt = 1.0 / steps;
        for (int s = 0; s < steps; s++)
        {
            using var step = NewDisposeScope();
            var (k1h, k1u) = Derivatives(h, u);
            var (k2h, k2u) = Derivatives(h.add(k1h, alpha: Held(dt / 2)), u.add(k1u!, alpha: Held(dt / 2)));
            var (k3h, k3u) = Derivatives(h.add(k2h, alpha: Held(dt / 2)), u.add(k2u!, alpha: Held(dt / 2)));
            var (k4h, k4u) = Derivatives(h.add(k3h, alpha: Held(dt)), u.add(k3u!, alpha: Held(dt)));
            h = h.add(k1h.add(k2h, alpha: Held(2)).add_(k3h, alpha: Held(2)).add_(k4h, Held(1)), alpha: Held(dt / 6)).MoveToOuterDisposeScope();
            u = u.add(k1u!.add(k2u!, alpha: Held(2)).add_(k3u!, alpha: Held(2)).add_(k4u!, Held(1)), alpha: Held(dt / 6)).MoveToOuterDisposeScope();
            kept?.Add(h.clone().MoveToOuterDisposeScope());
        }
        var path = kept is null ? null : stack(kept).MoveToOuterDisposeScope();
        return new GeodesicPath(u.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope(), path);
    }

    /// <summary>(dh/dt, dU/dt) at (h, U); dU/dt only when U is given.</summary>
    private (Tensor Rate, Tensor? UnitaryRate) Derivatives(Tensor h, Tensor? u)
    {
        long batch = h.shape[0], n = Basis.Dimension;
        var matrices = h.to_type(ScalarType.ComplexFloat64).matmul(_expand).view(batch, 3, n, n);
        var hamiltonian = matrices.select(1, 0);
        var momentum = matrices.select(1, 1);
        var commutator = momentum.matmul(hamiltonian).sub_(hamiltonian.matmul(momentum));
        var rate = commutator.view(batch, _size).matmul(_rate).real;
        return (rate, u is null ? null : matrices.select(1, 2).matmul(u));
    }

    /// <summary>Frees the equation's precomputed products.</summary>
    public void Dispose()
    {
        _expand.Dispose();
        _rate.Dispose();
    }
}

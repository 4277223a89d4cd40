using static TorchSharp.torch;

namespace NetGeometry.Geometry.Matching;

/// <summary>
/// A landmark geodesic shot from (q0, p0): its states at t = k / Steps, k = 0..Steps, and the points of the plane it
/// carries along (null when none were given). Each list has Steps + 1 entries of [B, N, 2] (points [B, M, 2]).
/// </summary>
internal sealed record LandmarkPath(IReadOnlyList<Tensor> Landmarks, IReadOnlyList<Tensor> Momenta, IReadOnlyList<Tensor>? Points)
{
    /// <summary>The number of integration steps over t in [0, 1].</summary>
    public int Steps => Landmarks.Count - 1;

    /// <summary>q(1).</summary>
    public Tensor End => Landmarks[^1];
}

/// <summary>
/// Geodesic shooting of landmark LDDMM: the Hamiltonian equations (<see cref="LandmarkHamiltonian"/>) integrated over
/// t in [0, 1] by the classical fourth-order Runge-Kutta method, optionally with points of the plane carried along by
/// the geodesic's velocity field, dx/dt = v_t(x) = sum_j K(x, q_j(t)) p_j(t) (Beg et al. 2005; the flow phi_t whose
/// grid is warped). Differentiable: autograd through the steps gives the shooting gradient d q(1) / d p0. RK4 is not
/// symplectic, so H drifts by O(dt^4) over the unit interval (the tests measure the order).
/// </summary>
internal static class LandmarkShooting
{
    /// <summary>Shoots from q0, p0 [B, N, 2] in <paramref name="steps"/> RK4 steps, carrying <paramref name="points"/>
    /// [B, M, 2] along when given.</summary>
    public static LandmarkPath Shoot(LandmarkHamiltonian hamiltonian, Tensor q0, Tensor p0, int steps, Tensor? points = null)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "at least one step");
        double dt = 1.0 / steps;
        var qs = new List<Tensor> { q0 };
        var ps = new List<Tensor> { p0 };
        var xs = points is null ? null : new List<Tensor> { points };
        var (q, p, x) = (q0, p0, points);
        for (int k = 0; k < steps; k++)
        {
            // RK4 stages (Hairer, Norsett & Wanner, Solving ODEs I, II.1, eq. 1.8) on the state (q, p, x).
            var s1 = Rate(hamiltonian, q, p, x);
            var s2 = Rate(hamiltonian, q.add(s1.Dq, Held(dt / 2)), p.add(s1.Dp, Held(dt / 2)), x?.add(s1.Dx!, Held(dt / 2)));
            var s3 = Rate(hamiltonian, q.add(s2.Dq, Held(dt / 2)), p.add(s2.Dp, Held(dt / 2)), x?.add(s2.Dx!, Held(dt / 2)));
            var s4 = Rate(hamiltonian, q.add(s3.Dq, Held(dt)), p.add(s3.Dp, Held(dt)), x?.add(s3.Dx!, Held(dt)));
            q = q.add(Combine(s1.Dq, s2.Dq, s3.Dq, s4.Dq), Held(dt / 6));
            p = p.add(Combine(s1.Dp, s2.Dp, s3.Dp, s4.Dp), Held(dt / 6));
            x = x?.add(Combine(s1.Dx!, s2.Dx!, s3.Dx!, s4.Dx!), Held(dt / 6));
            qs.Add(q);
            ps.Add(p);
            xs?.Add(x!);
        }
        return new LandmarkPath(qs, ps, xs);
    }

    private static (Tensor Dq, Tensor Dp, Tensor? Dx) Rate(LandmarkHamiltonian hamiltonian, Tensor q, Tensor p, Tensor? x)
    {
        var (dq, dp) = hamiltonian.Derivatives(q, p);
        return (dq, dp, x is null ? null : hamiltonian.Kernel.Velocity(x, q, p));
    }

    private static Tensor Combine(Tensor k1, Tensor k2, Tensor k3, Tensor k4) => k1.add(k2, Held(2)).add(k3, Held(2)).add(k4, Held(1));
}

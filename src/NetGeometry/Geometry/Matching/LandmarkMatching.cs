using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Matching;

/// <summary>How landmark matching runs: RK4 steps of each shot, the tolerance, the iteration limit.</summary>
/// <param name="Steps">RK4 steps over t in [0, 1].</param>
/// <param name="Tolerance">Exact matching stops when max_i |q_i(1) - target_i| is at most this; inexact matching when
/// no step lowers the objective by more than this relative amount.</param>
/// <param name="MaxIterations">Levenberg-Marquardt iterations at most.</param>
internal sealed record MatchingOptions(int Steps = 20, double Tolerance = 1e-9, int MaxIterations = 60);

/// <summary>
/// A solved match: the initial momenta p0 [N, 2], the geodesic's energy p0^T K(q0) p0, how far q(1) ends from the
/// target (max over landmarks of the Euclidean distance), the iterations and whether the tolerance was met.
/// </summary>
internal sealed record LandmarkMatch(Tensor Momenta, double Energy, double EndpointError, int Iterations, bool Converged);

/// <summary>
/// Landmark matching by geodesic shooting (Beg et al. 2005; Miller, Trouve &amp; Younes 2006; Allassonniere, Trouve &amp;
/// Younes, "Geodesic shooting and diffeomorphic matching via textured meshes", 2005): the unknown is the initial
/// momentum p0, and q(1; p0) is the endpoint of the geodesic shot from (q0, p0).
/// <list type="bullet">
/// <item>exact: solve q(1; p0) = target, least squares r(p0) = q(1; p0) - target driven to zero;</item>
/// <item>inexact: minimize 1/2 p0^T K(q0) p0 + |q(1; p0) - target|^2 / (2 lambda^2) (image-matching.md), the least
/// squares of r = [L^T p0; (q(1) - target) / lambda] with K(q0) = L L^T.</item>
/// </list>
/// Both by Levenberg-Marquardt, (J^T J + mu I) delta = -J^T r, mu divided by 10 after a step that lowers |r| and
/// multiplied by 10 after one that does not. The shooting Jacobian d q(1) / d p0 is exact: the 2N unit vectors are
/// shot as one batch of 2N copies of p0 and one backward pass with the k-th unit vector as the k-th copy's output
/// gradient gives row k. The first guess is p0 = target - q0, the exact solution for one landmark.
/// </summary>
internal static class LandmarkMatching
{
    private const double InitialDamping = 1e-3;
    private const int MaxTrials = 30;

    /// <summary>Matches q0 [N, 2] to <paramref name="target"/> [N, 2] exactly. Least squares on q(1) - target alone can
    /// stall in a local minimum when the landmarks must pass each other, so the momenta are first carried along the
    /// inexact problems of lambda = s, s / 10, s / 100, s / 1000 (s the kernel's scale), each warm-started from the last,
    /// whose regularizer keeps them bounded; the exact problem starts from the last of them.</summary>
    public static LandmarkMatch Exact(LandmarkHamiltonian hamiltonian, Tensor q0, Tensor target, MatchingOptions options)
    {
        using var scope = NewDisposeScope();
        var guess = target.sub(q0);
        int iterations = 0;
        foreach (double lambda in ContinuationLambdas(hamiltonian.Kernel.Scale))
        {
            var stage = Solve(hamiltonian, q0, target, guess, lambda, options);
            (guess, iterations) = (stage.Momenta, iterations + stage.Iterations);
        }
        var match = Solve(hamiltonian, q0, target, guess, null, options);
        return match with { Momenta = match.Momenta.MoveToOuterDisposeScope(), Iterations = iterations + match.Iterations };
    }

    private static IEnumerable<double> ContinuationLambdas(double scale) => [scale, scale / 10, scale / 100, scale / 1000];

    /// <summary>Matches q0 [N, 2] to <paramref name="target"/> [N, 2] inexactly, the data term weighted by 1 / lambda^2.</summary>
    public static LandmarkMatch Inexact(LandmarkHamiltonian hamiltonian, Tensor q0, Tensor target, double lambda, MatchingOptions options)
    {
        if (!(lambda > 0)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be positive");
        using var scope = NewDisposeScope();
        var match = Solve(hamiltonian, q0, target, target.sub(q0), lambda, options);
        return match with { Momenta = match.Momenta.MoveToOuterDisposeScope() };
    }

    /// <summary>q(1; p0) [N, 2] and the shooting Jacobian d vec q(1) / d vec p0 [2N, 2N] (row k: the derivative of
    /// the k-th coordinate of q(1)).</summary>
    public static (Tensor End, Tensor Jacobian) ShootingJacobian(LandmarkHamiltonian hamiltonian, Tensor q0, Tensor p0, int steps)
    {
        using var grad = enable_grad();   // also when called under no_grad
        long m = p0.numel();
        var copies = p0.detach().unsqueeze(0).expand(m, -1, -1).clone().requires_grad_(true);
        var end = LandmarkShooting.Shoot(hamiltonian, q0.unsqueeze(0).expand(m, -1, -1), copies, steps).End;
        var units = eye(m, dtype: ScalarType.Float64).reshape(end.shape);
        var rows = Autograd.Grad([end], [copies], [units])[0];
        return (end[0].detach(), rows.reshape(m, m).detach());
    }

    private static LandmarkMatch Solve(LandmarkHamiltonian hamiltonian, Tensor q0, Tensor target, Tensor guess, double? lambda, MatchingOptions options)
    {
        using var outer = NewDisposeScope();
        var q0Batch = q0.unsqueeze(0);
        // K(q0) = L L^T: 1/2 p^T K p = 1/2 |L^T p|^2, the inexact problem's regularizer as a residual.
        var lt = lambda is null ? null : linalg.cholesky(hamiltonian.Kernel.Matrix(q0Batch, q0Batch)[0]).mT;
        var p = guess.detach();
        var (end, jacobian) = ShootingJacobian(hamiltonian, q0, p, options.Steps);
        var (r, j) = Residual(end, jacobian, p, target, lt, lambda);
        double cost = Cost(r), lastCost = double.PositiveInfinity, mu = InitialDamping;
        int iterations = 0;
        bool Done() => lambda is null ? EndpointError(end, target) <= options.Tolerance : lastCost - cost <= options.Tolerance * cost;
        while (!Done() && iterations < options.MaxIterations)
        {
            iterations++;
            using var step = NewDisposeScope();
            var normal = j!.mT.matmul(j);
            var gradient = j.mT.matmul(r);
            bool accepted = false;
            for (int trial = 0; trial < MaxTrials && !accepted; trial++)
            {
                var delta = linalg.solve(normal.add(eye(normal.shape[0], dtype: ScalarType.Float64), Held(mu)), gradient).neg();
                var trialP = p.add(delta.reshape(p.shape), Held(1));
                var trialEnd = LandmarkShooting.Shoot(hamiltonian, q0Batch, trialP.unsqueeze(0), options.Steps).End[0];
                double trialCost = Cost(Residual(trialEnd, null, trialP, target, lt, lambda).R);
                if (trialCost < cost)
                {
                    (p, lastCost, cost, accepted) = (trialP, cost, trialCost, true);
                    mu = Math.Max(mu / 10, 1e-15);
                }
                else mu *= 10;
            }
            if (!accepted) break;
            (end, jacobian) = ShootingJacobian(hamiltonian, q0, p, options.Steps);
            (r, j) = Residual(end, jacobian, p, target, lt, lambda);
            step.MoveToOuter(p, end, r, j!);
        }
        double energy = hamiltonian.Energy(q0Batch, p.unsqueeze(0)).item<double>();
        double error = EndpointError(end, target);
        bool converged = lambda is null ? error <= options.Tolerance : Done();
        return new LandmarkMatch(p.detach().MoveToOuterDisposeScope(), energy, error, iterations, converged);
    }

    /// <summary>The stacked residual and its Jacobian in p0: exact, q(1) - target; inexact, [L^T p0; (q(1) - target) / lambda].</summary>
    private static (Tensor R, Tensor? J) Residual(Tensor end, Tensor? jacobian, Tensor p, Tensor target, Tensor? lt, double? lambda)
    {
        var data = end.sub(target).flatten();
        if (lt is null || lambda is not { } l) return (data, jacobian);
        // L^T acts on each coordinate of p [N, 2]: (L^T p)[:, c] = L^T p[:, c]; in vec order (landmark-major) that is L^T (x) I_2.
        var regularizer = lt.matmul(p).flatten();
        // L^T (x) I_2 without torch.kron (which crashes inside a dispose scope, docs/architecture.md).
        long n = lt.shape[0];
        var regularizerJacobian = jacobian is null ? null : lt.reshape(n, 1, n, 1).mul(eye(2, dtype: ScalarType.Float64).reshape(1, 2, 1, 2)).reshape(2 * n, 2 * n);
        return (cat([regularizer, data.div(Held(l))]), jacobian is null ? null : cat([regularizerJacobian!, jacobian.div(Held(l))]));
    }

    private static double Cost(Tensor r) => r.pow(Held(2)).sum().item<double>() / 2;

    /// <summary>max_i |q_i(1) - target_i|.</summary>
    public static double EndpointError(Tensor end, Tensor target) =>
        end.sub(target).pow(Held(2)).sum(new long[] { -1 }).sqrt().max().item<double>();
}

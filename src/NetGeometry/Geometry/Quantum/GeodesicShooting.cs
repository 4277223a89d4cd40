using System.Numerics;
using NetGeometry.Geometry.LieGroup;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Quantum;

/// <summary>How geodesic shooting runs: RK4 steps per unit time, the residual tolerance, iteration limits.</summary>
public sealed record ShootingOptions
{
    /// <summary>RK4 steps over t in [0, 1] to start with.</summary>
    public int Steps { get; init; } = 100;
    /// <summary>The steps double (and the solve is repeated) while ||U_steps(1) - U_2steps(1)||_F exceeds this...</summary>
    public double IntegrationTolerance { get; init; } = 1e-6;
    /// <summary>... and doubling would not pass this many steps.</summary>
    public int MaxSteps { get; init; } = 1600;
    /// <summary>Stop when ||r(h0)|| (the Pauli coefficients of the endpoint's error generator) is at most this.</summary>
    public double Tolerance { get; init; } = 1e-10;
    /// <summary>Levenberg-Marquardt iterations per continuation stage.</summary>
    public int MaxIterations { get; init; } = 25;
    /// <summary>The continuation in q multiplies q by at most this from one stage to the next (less after a stage
    /// that fails, see <see cref="CircuitComplexity"/>).</summary>
    public double ContinuationRatio { get; init; } = 2.0;
}

/// <summary>Progress of shooting: the penalty of the current stage, the iteration just done, the residual norm.</summary>
/// <param name="Q">The penalty of the current stage.</param>
/// <param name="Iteration">The iteration just done, from 1.</param>
/// <param name="Residual">||r(h0)|| after it.</param>
public readonly record struct ShootingProgress(double Q, int Iteration, double Residual);

/// <summary>Where one shooting solve ended: the initial Hamiltonian's coefficients, iterations, residual norm.</summary>
/// <param name="InitialHamiltonian">h0, the m coefficients of H(0).</param>
/// <param name="Iterations">The Levenberg-Marquardt iterations done.</param>
/// <param name="Residual">||r(h0)||.</param>
/// <param name="Converged">Whether the residual met the tolerance.</param>
public sealed record ShootingResult(double[] InitialHamiltonian, int Iterations, double Residual, bool Converged);

/// <summary>
/// Geodesic shooting: find H(0) so that the geodesic from I reaches the target W at t = 1. The unknown is the
/// coefficient vector h0 of su(N) (m = 4^n - 1 numbers) and so is the residual
///   r(h0) = coef(i log(W^dagger U(1; h0))),
/// the error generator of the endpoint (zero exactly when U(1) = W, near W). It is solved by Levenberg-Marquardt:
/// (J^T J + lambda I) delta = -J^T r, lambda divided by 10 after a step that lowers ||r||, multiplied by 10 after one
/// that does not; J = dr/dh0 by forward differences, all m perturbed geodesics integrated as one batch. The damping
/// lambda I (not lambda diag(J^T J)) keeps every step equivariant under the metric's symmetries. Near the solution it
/// is Newton's method on the discretized flow map, so the residual is limited only by the tolerance, and the error of
/// the geodesic itself is the integrator's (see <see cref="GeodesicEquation"/>).
/// </summary>
public static class GeodesicShooting
{
    private const double InitialDamping = 1e-3, DifferenceStep = 1e-7;
    private const int MaxTrials = 30;

    /// <summary>Solves r(h0) = 0 from <paramref name="guess"/> by Levenberg-Marquardt.</summary>
    /// <param name="equation">The geodesic equation of the metric.</param>
    /// <param name="target">W, N x N complex128.</param>
    /// <param name="guess">The initial Hamiltonian's m coefficients to start from.</param>
    /// <param name="options">Steps, tolerance and the iteration limit (<see cref="ShootingOptions.Steps"/>,
    /// <see cref="ShootingOptions.Tolerance"/>, <see cref="ShootingOptions.MaxIterations"/>).</param>
    /// <param name="progress">Told each iteration.</param>
    /// <returns>The last h0; Converged false when the iterations ran out, no step lowered ||r||, or the endpoint left the
    /// logarithm's domain.</returns>
    public static ShootingResult Shoot(GeodesicEquation equation, Tensor target, double[] guess, ShootingOptions options,
        IProgress<ShootingProgress>? progress = null)
    {
        var h = guess.ToArray();
        var r = Residuals(equation, target, [h], options.Steps)[0];
        double residualNorm = Norm(r);
        double lambda = InitialDamping;
        int iterations = 0;
        while (residualNorm > options.Tolerance && iterations < options.MaxIterations)
        {
            iterations++;
            double[,] jacobian;
            try { jacobian = Jacobian(equation, target, h, r, options.Steps); }
            catch (MatrixLogDomainException) { break; }
            bool accepted = false;
            for (int trial = 0; trial < MaxTrials && !accepted; trial++)
            {
                var trialH = Add(h, Step(jacobian, r, lambda));
                double[] trialR;
                try { trialR = Residuals(equation, target, [trialH], options.Steps)[0]; }
                catch (MatrixLogDomainException) { trialR = [double.PositiveInfinity]; }
                double trialNorm = Norm(trialR);
                if (trialNorm < residualNorm)
                {
                    (h, r, residualNorm, accepted) = (trialH, trialR, trialNorm, true);
                    lambda = Math.Max(lambda / 10, 1e-15);
                }
                else lambda *= 10;
            }
            progress?.Report(new ShootingProgress(equation.Metric.Q, iterations, residualNorm));
            if (!accepted) break;
        }
        return new ShootingResult(h, iterations, residualNorm, residualNorm <= options.Tolerance);
    }

    /// <summary>r(h0) for each initial Hamiltonian of a batch.</summary>
    internal static double[][] Residuals(GeodesicEquation equation, Tensor target, double[][] initial, int steps)
    {
        using var scope = NewDisposeScope();
        var h0 = tensor(initial.SelectMany(x => x).ToArray(), new long[] { initial.Length, initial[0].Length }, ScalarType.Float64);
        using var path = equation.Integrate(h0, steps);
        var error = target.mH.matmul(path.Endpoints);
        var generator = equation.Basis.Coefficients(MatrixLog.Principal(error).mul(Held(Complex.ImaginaryOne)));
        var flat = generator.data<double>().ToArray();
        int m = initial[0].Length;
        return Enumerable.Range(0, initial.Length).Select(b => flat.AsSpan(b * m, m).ToArray()).ToArray();
    }

    /// <summary>dr/dh0 (m x m, row-major by residual component) by forward differences around h.</summary>
    private static double[,] Jacobian(GeodesicEquation equation, Tensor target, double[] h, double[] r, int steps)
    {
        int m = h.Length;
        double epsilon = DifferenceStep * Math.Max(1, Norm(h));
        var perturbed = Enumerable.Range(0, m).Select(j => { var x = h.ToArray(); x[j] += epsilon; return x; }).ToArray();
        var columns = Residuals(equation, target, perturbed, steps);
        var jacobian = new double[m, m];
        for (int j = 0; j < m; j++)
            for (int i = 0; i < m; i++)
                jacobian[i, j] = (columns[j][i] - r[i]) / epsilon;
        return jacobian;
    }

    /// <summary>delta = -(J^T J + lambda I)^-1 J^T r.</summary>
    private static double[] Step(double[,] jacobian, double[] r, double lambda)
    {
        int m = r.Length;
        using var scope = NewDisposeScope();
        var j = tensor(jacobian.Cast<double>().ToArray(), new long[] { m, m }, ScalarType.Float64);
        var residual = tensor(r, ScalarType.Float64);
        var normal = j.t().matmul(j).add(eye(m, dtype: ScalarType.Float64).mul(Held(lambda)), Held(1));
        var delta = linalg.solve(normal, j.t().matmul(residual).neg().unsqueeze(1)).squeeze(1);
        return delta.data<double>().ToArray();
    }

    private static double Norm(double[] x) => Math.Sqrt(x.Sum(v => v * v));

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();
}

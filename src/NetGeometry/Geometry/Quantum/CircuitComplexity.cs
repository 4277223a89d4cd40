using System.Numerics;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Quantum;

/// <summary>One solve of the continuation: the penalty, the RK4 steps, the shooting iterations it took, the residual
/// reached, whether it converged, and the geodesic's length there.</summary>
/// <param name="Q">The stage's penalty.</param>
/// <param name="Steps">RK4 steps over t in [0, 1].</param>
/// <param name="Iterations">Shooting iterations.</param>
/// <param name="Residual">||r(h0)|| reached.</param>
/// <param name="Converged">Whether the residual met the tolerance.</param>
/// <param name="Length">||H(0)||_G in the stage's metric.</param>
public sealed record ContinuationStage(double Q, int Steps, int Iterations, double Residual, bool Converged, double Length);

/// <summary>
/// The complexity of a unitary in Nielsen's geometry, computed: the geodesic found by shooting and the straight
/// path it is compared with. Length = ||H(0)||_G, the geodesic's length (its speed is constant);
/// StraightLength = ||H*||_G. Path holds the geodesic's Pauli coefficients h(t) at t = k / Steps, Speeds
/// ||H(t)||_G there. EndpointError = ||U(1) - W||_F; IntegrationError = ||U(1) - U'(1)||_F with U' integrated at
/// twice the steps (an estimate of the RK4 error, which each halving of the step shrinks about 16-fold).
/// When the continuation stops short (Converged false), ReachedQ is the largest penalty solved, and the path is the
/// last solved one, integrated in that metric.
/// </summary>
/// <param name="Qubits">n.</param>
/// <param name="Q">The penalty asked for.</param>
/// <param name="CheapBodies">Terms on at most this many qubits cost 1.</param>
/// <param name="Terms">The Pauli terms' labels, in coefficient order.</param>
/// <param name="TermBodies">Each term's body count.</param>
/// <param name="Length">||H(0)||_G, the geodesic's length.</param>
/// <param name="StraightLength">||H*||_G, the straight path's length.</param>
/// <param name="InitialHamiltonian">H(0)'s coefficients.</param>
/// <param name="StraightHamiltonian">H*'s coefficients.</param>
/// <param name="Stages">Every solve of the continuation, in order.</param>
/// <param name="Converged">Whether the final stage reached Q and converged.</param>
/// <param name="ReachedQ">The largest penalty solved.</param>
/// <param name="Residual">The last solve's ||r(h0)||.</param>
/// <param name="Steps">The RK4 steps of the final path.</param>
/// <param name="EndpointError">||U(1) - W||_F.</param>
/// <param name="IntegrationError">||U(1) - U'(1)||_F, U' integrated at twice the steps.</param>
/// <param name="Path">h(t) at t = k / Steps, k = 0..Steps.</param>
/// <param name="Speeds">||H(t)||_G at the same points.</param>
public sealed record CircuitComplexityResult(
    int Qubits, double Q, int CheapBodies, IReadOnlyList<string> Terms, IReadOnlyList<int> TermBodies,
    double Length, double StraightLength, double[] InitialHamiltonian, double[] StraightHamiltonian,
    IReadOnlyList<ContinuationStage> Stages, bool Converged, double ReachedQ, double Residual, int Steps,
    double EndpointError, double IntegrationError, double[][] Path, double[] Speeds)
{
    /// <summary>Length / StraightLength: below 1 when the geodesic beats the straight path.</summary>
    public double Ratio => Length / StraightLength;
}

/// <summary>
/// Nielsen's circuit complexity of a unitary on n &lt;= 3 qubits: the length of a geodesic from I to the target under
/// the penalized metric (one- to cheapBodies-body Pauli terms cost 1, the others q; Nielsen, Dowling, Gu &amp; Doherty,
/// Science 2006). The geodesic is found by deformation (Dowling &amp; Nielsen, QIC 8, 861 (2008): follow the known
/// geodesics of a simple metric while the metric changes): at q = 1 the metric is bi-invariant and the straight path
/// exp(-i H* t) is a geodesic (one shooting solve removes the RK4 discretization's mismatch); q then grows
/// geometrically, by at most <see cref="ShootingOptions.ContinuationRatio"/> per stage, each stage shooting from the
/// previous stage's H(0). A stage that fails is retried with the square root of the ratio, down to a ratio of
/// 1.01. Then, while the RK4 error estimate exceeds <see cref="ShootingOptions.IntegrationTolerance"/>, the steps
/// double and the final stage is solved again. What is returned is a geodesic, hence an upper bound on the
/// distance; it is the minimal one only up to its first conjugate point.
/// </summary>
public static class CircuitComplexity
{
    private const double SmallestRatio = 1.01;

    /// <summary>The geodesic from I to <paramref name="unitary"/> (up to global phase) under the penalty q, by continuation from q = 1.</summary>
    /// <param name="unitary">The target, 2^n x 2^n for 1 to <see cref="PauliBasis.MaxQubits"/> qubits, unitary to 1e-6.</param>
    /// <param name="q">The penalty on terms of more than <paramref name="cheapBodies"/> bodies, &gt;= 1.</param>
    /// <param name="cheapBodies">Terms acting on at most this many qubits cost 1.</param>
    /// <param name="options">Steps, tolerances and limits; the defaults of <see cref="ShootingOptions"/> when null.</param>
    /// <param name="progress">Told each shooting iteration.</param>
    /// <exception cref="InputException">A target that is not a unitary on 1 to 3 qubits, a penalty below 1, a cheap body count
    /// below 1, or options out of range.</exception>
    public static CircuitComplexityResult Compute(Tensor unitary, double q, int cheapBodies = 2, ShootingOptions? options = null,
        IProgress<ShootingProgress>? progress = null)
    {
        options ??= new ShootingOptions();
        InputException.Require(options.Steps >= 1, $"{InputField.Of(nameof(options.Steps))} must be a positive integer, got {options.Steps}.");
        InputException.Require(options.ContinuationRatio > SmallestRatio, $"the continuation ratio must exceed {SmallestRatio}, got {options.ContinuationRatio}.");
        int dimension = (int)unitary.shape[0];
        int qubits = (int)Math.Round(Math.Log2(dimension));
        InputException.Require(unitary.dim() == 2 && dimension == 1 << qubits && qubits >= 1,
            $"a target on n qubits is a 2^n x 2^n matrix, got [{string.Join(", ", unitary.shape)}].");
        using var basis = new PauliBasis(qubits);
        using var metric = basis.Metric(q, cheapBodies);
        using var straight = StraightPath.To(unitary, basis, metric);

        var stages = new List<ContinuationStage>();
        int steps = options.Steps;
        ShootingResult Solve(double stageQ, double[] guess)
        {
            using var stageMetric = basis.Metric(stageQ, cheapBodies);
            using var equation = new GeodesicEquation(basis, stageMetric);
            var result = GeodesicShooting.Shoot(equation, straight.Target, guess, options with { Steps = steps }, progress);
            using var h0 = tensor(result.InitialHamiltonian, ScalarType.Float64);
            stages.Add(new ContinuationStage(stageQ, steps, result.Iterations, result.Residual, result.Converged, stageMetric.Norm(h0)));
            return result;
        }

        var last = Solve(1, straight.Hamiltonian);
        double reached = 1, ratio = options.ContinuationRatio;
        while (last.Converged && reached < q)
        {
            double next = Math.Min(q, reached * ratio);
            var attempt = Solve(next, last.InitialHamiltonian);
            if (attempt.Converged) (last, reached, ratio) = (attempt, next, Math.Min(ratio * ratio, options.ContinuationRatio));
            else if ((ratio = Math.Sqrt(ratio)) < SmallestRatio) break;
        }
        bool converged = last.Converged && reached >= q;
        var h = last.InitialHamiltonian;

        using var reachedMetric = basis.Metric(reached, cheapBodies);
        using var equation = new GeodesicEquation(basis, reachedMetric);
        double IntegrationError()
        {
            using var h0 = tensor(h, ScalarType.Float64);
            using var coarse = equation.Integrate(h0, steps);
            using var fine = equation.Integrate(h0, 2 * steps);
            return FrobeniusDistance(coarse.Endpoints[0], fine.Endpoints[0]);
        }
        double integrationError = IntegrationError();
        while (converged && integrationError > options.IntegrationTolerance && 2 * steps <= options.MaxSteps)
        {
            steps *= 2;
            last = Solve(q, h);
            converged = last.Converged;
            h = last.InitialHamiltonian;
            integrationError = IntegrationError();
        }

        using var scope = NewDisposeScope();
        var initial = tensor(h, ScalarType.Float64);
        using var path = equation.Integrate(initial, steps, keepPath: true);
        double endpointError = FrobeniusDistance(path.Endpoints[0], straight.Target);
        var coefficients = path.Hamiltonians!.squeeze(1).data<double>().ToArray();
        int m = basis.Count;
        var pathRows = Enumerable.Range(0, steps + 1).Select(k => coefficients.AsSpan(k * m, m).ToArray()).ToArray();
        var speeds = path.Speeds(reachedMetric).squeeze(1).data<double>().ToArray();
        return new CircuitComplexityResult(qubits, q, cheapBodies, basis.Labels, basis.Weights, metric.Norm(initial), straight.Length,
            h, straight.Hamiltonian, stages, converged, reached, last.Residual, steps, endpointError, integrationError, pathRows, speeds);
    }

    private static double FrobeniusDistance(Tensor a, Tensor b)
    {
        using var difference = a.sub(b);
        using var norm = difference.abs().pow(Held(2)).sum().sqrt();
        return norm.item<double>();
    }
}

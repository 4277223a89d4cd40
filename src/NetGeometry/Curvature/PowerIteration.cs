using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>When power iteration stops.</summary>
public enum PowerIterationStop
{
    /// <summary>When ||A v - lambda v|| &lt;= tol |lambda|: v is an eigenvector to that accuracy (what Lanczos uses).</summary>
    RelativeResidual,
    /// <summary>When the Rayleigh quotient changes by at most tol |lambda| between iterations (PyHessian's rule, and
    /// the PyTorch peer's); cheaper, but says nothing about the vector.</summary>
    RelativeChange,
}

/// <summary>The eigenvalue of largest magnitude, its unit eigenvector, the relative residual ||A v - lambda v|| / |lambda|,
/// the products used, and whether the stopping rule was met.</summary>
/// <param name="Value">The Rayleigh quotient lambda = v^T A v.</param>
/// <param name="Vector">The unit vector v.</param>
/// <param name="RelativeResidual">||A v - lambda v|| / |lambda|.</param>
/// <param name="Products">The operator products used.</param>
/// <param name="Converged">Whether the stopping rule was met (or A v = 0).</param>
public sealed record DominantEigenpair(double Value, Tensor Vector, double RelativeResidual, int Products, bool Converged) : IDisposable
{
    /// <summary>Frees the eigenvector.</summary>
    public void Dispose() => Vector.Dispose();
}

/// <summary>
/// Power iteration v_{t+1} = A v_t / ||A v_t|| with Rayleigh quotient lambda_t = v_t^T A v_t (Golub &amp; Van Loan,
/// Matrix Computations, 4th ed., sec. 7.3.1; PyHessian's top-eigenvalue method, Yao et al. 2020, Algorithm 1). It
/// converges to the eigenvalue of largest magnitude at the rate |lambda_2 / lambda_1| per product; Lanczos needs
/// fewer products for the same accuracy, but power iteration is the common baseline.
/// </summary>
public static class PowerIteration
{
    /// <summary>Iterates from a seeded random unit vector until <paramref name="stop"/> holds or the products run out.</summary>
    /// <param name="op">A symmetric operator.</param>
    /// <param name="tolerance">The relative residual or relative change at which it stops; positive.</param>
    /// <param name="maxProducts">The most operator products (one per iteration), at least 1.</param>
    /// <param name="seed">Seeds the start vector.</param>
    /// <param name="stop">The stopping rule.</param>
    /// <returns>The last Rayleigh quotient and unit vector; Converged false when the products ran out first.</returns>
    /// <exception cref="ArgumentException">The tolerance is not positive or maxProducts is below 1.</exception>
    public static DominantEigenpair Run(ILinearOperator op, double tolerance = 1e-6, int maxProducts = 1000, long seed = 0,
        PowerIterationStop stop = PowerIterationStop.RelativeResidual)
    {
        if (!(tolerance > 0)) throw new ArgumentException($"the tolerance must be positive, got {tolerance}.");
        if (maxProducts < 1) throw new ArgumentException($"maxProducts must be at least 1, got {maxProducts}.");
        using var generator = Seeds.Generator(seed);
        var v = RandomProbes.UnitGaussian(generator, op);
        double previous = 0;
        for (int products = 1; ; products++)
        {
            using var scope = NewDisposeScope();
            var w = op.Apply(v);
            double lambda = w.dot(v).item<double>();
            double residualNorm = w.sub(v.mul(Held(lambda))).norm().item<double>();
            double residual = residualNorm == 0 ? 0 : residualNorm / Math.Abs(lambda);
            bool converged = stop == PowerIterationStop.RelativeResidual
                ? residual <= tolerance
                : Math.Abs(lambda - previous) <= tolerance * Math.Abs(lambda);
            double norm = w.norm().item<double>();
            if (converged || products >= maxProducts || norm == 0)
                return new DominantEigenpair(lambda, v, residual, products, converged || norm == 0);
            v.Dispose();
            v = w.div(Held(norm)).MoveToOuterDisposeScope();
            previous = lambda;
        }
    }
}

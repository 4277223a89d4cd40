using NetGeometry.Numerics;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Spectral;

/// <summary>mu_l, the eigenvalue of a zonal kernel's integral operator on the degree-l harmonics, with their number
/// N(d, l) and the quadrature's error estimate |I_2N - I_N| (absolute).</summary>
/// <param name="Degree">l, 0 to the largest degree asked for.</param>
/// <param name="Multiplicity">N(d, l), as a double (exact up to 2^53).</param>
/// <param name="Mu">mu_l.</param>
/// <param name="ErrorEstimate">|I_2N - I_N|, the change of mu_l at the last doubling of the nodes.</param>
public sealed record FunkHeckeEigenvalue(int Degree, double Multiplicity, double Mu, double ErrorEstimate);

/// <summary>The Funk-Hecke eigenvalues of one kernel on S^(d-1) for degrees 0..MaxDegree, and the number of
/// quadrature nodes that met the tolerance.</summary>
/// <param name="Kernel">The kernel's name.</param>
/// <param name="Dim">d, the input dimension (the sphere is S^(d-1)).</param>
/// <param name="Eigenvalues">mu_0, ..., mu_MaxDegree, indexed by degree.</param>
/// <param name="Nodes">The Gauss-Legendre nodes of the last rule.</param>
/// <param name="Converged">Whether every degree met the tolerance within the most nodes.</param>
public sealed record FunkHeckeSpectrum(string Kernel, int Dim, IReadOnlyList<FunkHeckeEigenvalue> Eigenvalues, int Nodes, bool Converged)
{
    /// <summary>The eigenvalue of degree <paramref name="degree"/> (0 to MaxDegree).</summary>
    public FunkHeckeEigenvalue this[int degree] => Eigenvalues[degree];
}

/// <summary>
/// The eigenvalues of L_K f(x) = E_{s ~ uniform(S^(d-1))}[kappa(x . s) f(s)] by the Funk-Hecke formula (Su &amp; Yang
/// 2019, Sec. 4; Atkinson &amp; Han 2012, Ch. 2): every degree-l harmonic is an eigenfunction, with eigenvalue
///   mu_l = c_d integral_{-1}^{1} kappa(t) P_{l,d}(t) (1 - t^2)^((d-3)/2) dt,   c_d = Gamma(d/2) / (sqrt(pi) Gamma((d-1)/2)),
/// P_{l,d} = C_l^nu / C_l^nu(1) with nu = (d-2)/2. The integral is computed in the angle, t = cos theta:
///   mu_l = integral_0^pi kappa(cos theta) P_{l,d}(cos theta) sin^(d-2)(theta) d theta / integral_0^pi sin^(d-2)(theta) d theta,
/// both integrals by the same Gauss-Legendre rule on [0, pi] (so the density integrates to exactly 1 and no Gamma
/// function of a large argument costs digits). The substitution matters: the ReLU kernels have a square-root
/// singularity at t = +-1 (arccos t ~ sqrt(2 (1 - t))) but are analytic in theta, so the rule converges
/// geometrically. The node count doubles from 32 until every degree's estimate moves by at most tolerance * E|kappa(t)|,
/// the largest any |mu_l| can be (|P_{l,d}| &lt;= 1); the last change is reported as the error estimate, a generous
/// bound for a geometrically converging rule. Rounding limits the relative accuracy to about 1e-15 at small d, growing
/// like d * 1e-17 (sin^(d-2) amplifies the rounding of sin): 1e-13 at d = 10^4.
/// </summary>
public static class FunkHecke
{
    /// <summary>The tolerance relative to E|kappa(t)| at which the node count stops doubling.</summary>
    public const double DefaultTolerance = 1e-13;

    /// <summary>The first rule's node count.</summary>
    internal const int StartNodes = 32;

    /// <summary>The most Gauss-Legendre nodes: a rule that has not met the tolerance there is reported as not converged.</summary>
    public const int MaxNodes = 8192;

    /// <summary>The largest d whose quadrature converges within <see cref="MaxNodes"/>: the density sin^(d-2) theta
    /// narrows like 1/sqrt(d) about pi/2, and the rule must resolve it (d = 10^5 needs 4096 nodes, 10^6 more than
    /// 8192; beyond, the error estimate exceeds the eigenvalues).</summary>
    public const int MaxDimension = 100_000;

    /// <summary>The largest degree: mu_l of the ReLU kernels falls below the quadrature's rounding long before it, the
    /// degree-l Legendre polynomial needs about l nodes, and the multiplicities' exact binomials cost l^2 in all.</summary>
    public const int MaxDegree = 1000;

    /// <summary>mu_0, ..., mu_maxDegree of <paramref name="kernel"/> on S^(d-1), with N(d, l) and the error estimates.</summary>
    /// <param name="kernel">The zonal kernel.</param>
    /// <param name="d">The input dimension, 2 to <see cref="MaxDimension"/>.</param>
    /// <param name="maxDegree">The largest degree, 0 to <see cref="MaxDegree"/>.</param>
    /// <param name="tolerance">Every |mu_l| must move by at most this times E|kappa(t)| when the nodes double.</param>
    /// <returns>The spectrum; Converged false when <see cref="MaxNodes"/> nodes did not meet the tolerance.</returns>
    /// <exception cref="Engine.InputException">d or maxDegree is out of its range.</exception>
    public static FunkHeckeSpectrum Eigenvalues(ZonalKernel kernel, int d, int maxDegree, double tolerance = DefaultTolerance)
    {
        SphereDimension.Require(d);
        InputException.Require(d <= MaxDimension, $"the Funk-Hecke quadrature resolves d up to {MaxDimension}, got {d}.");
        InputException.Require(maxDegree is >= 0 and <= MaxDegree, $"the largest harmonic degree must be 0 to {MaxDegree}, got {maxDegree}.");
        var multiplicities = Enumerable.Range(0, maxDegree + 1).Select(l => HarmonicMultiplicity.Of(d, l)).ToArray();
        var coarse = Integrate(kernel, d, maxDegree, StartNodes);
        for (int nodes = 2 * StartNodes; ; nodes *= 2)
        {
            var fine = Integrate(kernel, d, maxDegree, nodes);
            var errors = fine.Mu.Zip(coarse.Mu, (a, b) => Math.Abs(a - b)).ToArray();
            bool converged = errors.All(e => e <= tolerance * fine.Scale);
            if (converged || nodes >= MaxNodes)
                return new FunkHeckeSpectrum(kernel.Name, d,
                    Enumerable.Range(0, maxDegree + 1).Select(l => new FunkHeckeEigenvalue(l, multiplicities[l], fine.Mu[l], errors[l])).ToArray(),
                    nodes, converged);
            coarse = fine;
        }
    }

    /// <summary>mu_0..mu_maxDegree with an n-node rule, and E|kappa(t)| (the scale of the tolerance).</summary>
    private static (double[] Mu, double Scale) Integrate(ZonalKernel kernel, int d, int maxDegree, int n)
    {
        var rule = GaussLegendre.Rule(n);
        using var scope = NewDisposeScope();
        var theta = tensor(rule.Nodes).add(Held(1), Held(1)).mul(Held(Math.PI / 2));
        var t = theta.cos();
        // sin^(d-2) theta, normalized by its own quadrature rather than by c_d: the same rule integrates the density
        // to exactly 1, and no Gamma ratio loses digits at large d.
        var density = tensor(rule.Weights).mul(theta.sin().pow(Held(d - 2)));
        var weights = density.div(density.sum());
        var weighted = kernel.At(t).mul(weights);
        var legendre = Gegenbauer.Legendre(d, maxDegree, t);
        var mu = legendre.Select(p => weighted.mul(p).sum().item<double>()).ToArray();
        return (mu, weighted.abs().sum().item<double>());
    }
}

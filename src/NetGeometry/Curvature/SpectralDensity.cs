using NetGeometry.Engine;

namespace NetGeometry.Curvature;

/// <summary>
/// The spectral density phi(t) = (1/D) sum_i delta(t - lambda_i) of a symmetric operator, by stochastic Lanczos
/// quadrature (Ubaru, Chen &amp; Saad 2017, "Fast estimation of tr(f(A)) via stochastic Lanczos quadrature", sec. 3;
/// Ghorbani, Krishnan &amp; Xiao 2019, "An investigation into neural net optimization via Hessian eigenvalue
/// density", sec. 2; PyHessian, Yao et al. 2020, sec. 3.3): the Gauss quadrature rules of n_v random unit start
/// vectors are averaged, phi ~ (1/n_v) sum_l sum_k tau_k^l delta_{theta_k^l}, and smoothed by a Gaussian of width
/// sigma, phi_sigma(t) = (1/n_v) sum_l sum_k tau_k^l N(t; theta_k^l, sigma^2). Each rule's weights sum to 1, so
/// phi_sigma integrates to 1; D phi_sigma(t) dt counts eigenvalues near t.
/// </summary>
public sealed class SpectralDensity
{
    private SpectralDensity(IReadOnlyList<GaussQuadrature> quadratures, long dimension, int products)
    {
        Quadratures = quadratures;
        Dimension = dimension;
        Products = products;
        Lowest = quadratures.SelectMany(q => q.Nodes).Min();
        Highest = quadratures.SelectMany(q => q.Nodes).Max();
    }

    /// <summary>The Gauss quadrature rule of each start vector, n_v of them.</summary>
    public IReadOnlyList<GaussQuadrature> Quadratures { get; }

    /// <summary>D, the operator's dimension: D phi_sigma(t) dt counts eigenvalues.</summary>
    public long Dimension { get; }

    /// <summary>The operator products all rules took together.</summary>
    public int Products { get; }

    /// <summary>The smallest node: a Ritz value, so at least lambda_min.</summary>
    public double Lowest { get; }

    /// <summary>The largest node: a Ritz value, so at most lambda_max.</summary>
    public double Highest { get; }

    /// <summary>
    /// The density of <paramref name="op"/> from <paramref name="probes"/> Lanczos quadratures. The probes' recurrences
    /// run side by side in groups of up to <see cref="OperatorBlock.Width"/> (fewer when their Krylov bases, Dimension x steps
    /// each, would exceed half the memory budget), one block product (<see cref="ILinearOperator.ApplyBlock"/>) per step for
    /// the group; each probe's rule is the one it has alone, to rounding.
    /// </summary>
    /// <param name="op">A symmetric operator.</param>
    /// <param name="probes">n_v, the number of random start vectors (Rademacher, normalized, as Ubaru et al.); at least 1.</param>
    /// <param name="steps">Lanczos steps per start vector (at most Dimension are taken); at least 1.</param>
    /// <param name="seed">Seeds the start vectors.</param>
    /// <exception cref="ArgumentException">Fewer than 1 probe or step.</exception>
    /// <exception cref="InputException">Even one probe's Krylov basis exceeds the memory budget.</exception>
    public static SpectralDensity Estimate(ILinearOperator op, int probes, int steps, long seed = 0)
    {
        if (probes < 1) throw new ArgumentException($"stochastic Lanczos quadrature needs at least one probe, got {probes}.");
        if (steps < 1) throw new ArgumentException($"Lanczos quadrature needs at least one step, got {steps}.");
        int group = Group(op.Dimension, probes, steps);
        using var generator = Seeds.Generator(seed);
        var rules = new List<GaussQuadrature>();
        for (int done = 0; done < probes; done += group)
        {
            using var scope = TorchSharp.torch.NewDisposeScope();
            var starts = Enumerable.Range(0, Math.Min(group, probes - done))
                .Select(_ => RandomProbes.Rademacher(generator, op, 1).squeeze(1)).ToList();   // drawn in order, as one at a time
            rules.AddRange(GaussQuadrature.Lanczos(op, starts, steps));
        }
        return new SpectralDensity(rules, op.Dimension, rules.Sum(r => r.Nodes.Length));
    }

    /// <summary>How many recurrences run side by side: up to <see cref="OperatorBlock.Width"/>, as many Krylov bases of
    /// min(steps, Dimension) vectors as half the memory budget holds (the other half is left to the operator's graphs
    /// and the block products); at least one, whose basis must fit the budget.</summary>
    private static int Group(long dimension, int probes, int steps)
    {
        double basis = Lanczos.BasisBytes(dimension, steps);
        MemoryBudget.Require(basis, $"a Lanczos basis of {Math.Min(steps, dimension)} vectors of {dimension}");
        return (int)Math.Max(1, Math.Min(Math.Min(probes, OperatorBlock.Width), Math.Floor(MemoryBudget.Bytes / 2 / basis)));
    }

    /// <summary>tr(A) ~ D (1/n_v) sum_l sum_k tau_k^l theta_k^l (Ubaru et al.'s estimate with f(t) = t).</summary>
    public double Trace => Dimension * Quadratures.Average(q => q.Nodes.Zip(q.Weights, (t, w) => t * w).Sum());

    /// <summary>A default smoothing width: 1% of the span of the nodes (or of their magnitude if they coincide).</summary>
    public double DefaultSigma
    {
        get
        {
            double span = Highest - Lowest;
            double scale = Math.Max(Math.Abs(Highest), Math.Abs(Lowest));
            return span > 0 ? span / 100 : scale > 0 ? scale / 100 : 1e-3;
        }
    }

    /// <summary><paramref name="points"/> equally spaced points from Lowest - 4 sigma to Highest + 4 sigma, where
    /// phi_sigma carries all but a negligible part of its mass.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 points.</exception>
    public double[] Grid(int points, double sigma)
    {
        if (points < 2) throw new ArgumentException($"a grid needs at least 2 points, got {points}.");
        double from = Lowest - 4 * sigma, to = Highest + 4 * sigma;
        return Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
    }

    /// <summary>phi_sigma at each point of <paramref name="at"/>.</summary>
    /// <exception cref="ArgumentException">sigma is not positive.</exception>
    public double[] Evaluate(IReadOnlyList<double> at, double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentException($"the smoothing width sigma must be positive, got {sigma}.");
        double norm = 1 / (Quadratures.Count * sigma * Math.Sqrt(2 * Math.PI));
        return at.Select(t => norm * Quadratures.Sum(q =>
        {
            double sum = 0;
            for (int k = 0; k < q.Nodes.Length; k++)
            {
                double u = (t - q.Nodes[k]) / sigma;
                sum += q.Weights[k] * Math.Exp(-0.5 * u * u);
            }
            return sum;
        })).ToArray();
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// One energy of a set of N neurons: <see cref="Sum"/> = sum over ordered pairs i != j of f_s(z_ij) (each unordered
/// pair counted twice, as in the MHE definition), <see cref="Pairs"/> = the number of ordered pairs (N(N-1), or
/// 2N(2N-1) for the half-space set of 2N neurons), and <see cref="Mean"/> = Sum / Pairs, the average over pairs (the
/// reference implementation's normalization).
/// </summary>
public readonly record struct EnergyValue(EnergyVariant Variant, double Sum, long Pairs)
{
    /// <summary>Sum / Pairs: the energy per ordered pair (+Infinity when two neurons coincide).</summary>
    public double Mean => Sum / Pairs;
}

/// <summary>
/// Hyperspherical energy of a set of neurons w_1..w_N (rows of an N x D matrix; a dense layer's weight rows, a conv
/// layer's flattened filters), after normalizing each to w^_i = w_i / ||w_i|| (MHE, Liu et al., NeurIPS 2018;
/// science/opt2021.md): E_s = sum_{i != j} f_s(z_ij), f_s(z) = z^(-s) for s &gt; 0 and f_0(z) = log(1/z), with z the
/// Euclidean distance ||w^_i - w^_j|| = sqrt(2 - 2 cos theta_ij) or the angle theta_ij / pi. The half-space variant is
/// the energy of the 2N neurons {w^_i} and {-w^_i}: 2 sum_{i != j} f(z(w^_i, w^_j)) + 2 sum_{i, j} f(z(w^_i, -w^_j)).
/// Computed exactly, without the reference code's epsilon: coincident neurons give +Infinity. Distances come from the
/// cosines of the Gram matrix (relative precision about 1e-16 / z^2), except for the pairs within
/// <see cref="NearThreshold"/> of parallel or antiparallel, whose distances are recomputed from ||w^_i -+ w^_j|| (and
/// angles as 2 atan2(||w^_i - w^_j||, ||w^_i + w^_j||)), so every distance keeps a relative precision near 1e-10 or
/// better. Every requested variant comes from one pass over blocks of rows of the Gram matrix, so memory stays at
/// O(block x N) however many thousands of neurons there are. Rotating all neurons by one orthogonal matrix leaves
/// every variant unchanged (angles are preserved): what OPT relies on.
/// </summary>
public static class HypersphericalEnergy
{
    /// <summary>Gram-matrix entries per block when the caller does not choose (2^21 doubles, 16 MB per temporary).</summary>
    public const long BlockEntries = 1L << 21;

    /// <summary>Pairs with |cos theta| above 1 - NearThreshold (distance below 1.4e-3 from w^_j or -w^_j) get exact distances.</summary>
    public const double NearThreshold = 1e-6;

    /// <summary>
    /// Each of <paramref name="variants"/>, in order, for the neurons as rows of <paramref name="neurons"/> (N x D, any
    /// dtype, computed in float64 without gradient); <paramref name="blockRows"/> rows of the Gram matrix per block (0:
    /// <see cref="BlockEntries"/> / N).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two neurons, no variant, or a zero neuron.</exception>
    public static IReadOnlyList<EnergyValue> Compute(Tensor neurons, IReadOnlyList<EnergyVariant> variants, long blockRows = 0)
    {
        if (neurons.dim() != 2 || neurons.shape[0] < 2 || neurons.shape[1] < 1)
            throw new ArgumentException($"the energy needs at least two neurons as rows of a matrix, got [{string.Join(", ", neurons.shape)}].");
        if (variants.Count == 0) throw new ArgumentException("ask for at least one energy variant.");
        long n = neurons.shape[0];
        var sums = new double[variants.Count];
        using (no_grad())
        using (NewDisposeScope())
        {
            var w = neurons.detach().to_type(ScalarType.Float64);
            var norms = w.norm(1, keepdim: true);
            var smallest = norms.argmin().item<long>();
            if (norms[smallest, 0].item<double>() == 0)
                throw new ArgumentException($"neuron {smallest} is zero: its direction, and so the energy, is undefined.");
            var unit = w.div(norms);
            long rows = blockRows > 0 ? blockRows : Math.Max(1, BlockEntries / n);
            for (long start = 0; start < n; start += rows)
            {
                using var block = NewDisposeScope();
                var distances = new BlockDistances(unit, start, Math.Min(rows, n - start));
                for (int k = 0; k < variants.Count; k++)
                {
                    var v = variants[k];
                    var same = v.Kernel(distances.Of(v.Distance, opposite: false));
                    distances.SelfPairs(same).zero_();
                    double total = same.sum().item<double>();
                    if (v.HalfSpace) total = 2 * (total + v.Kernel(distances.Of(v.Distance, opposite: true)).sum().item<double>());
                    sums[k] += total;
                }
            }
        }
        return variants.Select((v, k) => new EnergyValue(v, sums[k], v.HalfSpace ? 2 * n * (2 * n - 1) : n * (n - 1))).ToList();
    }

    /// <summary>
    /// Distances between the unit neurons of rows start..start+b-1 and all N, to w^_j (same) or to -w^_j (opposite),
    /// each computed once per block and kind.
    /// </summary>
    private sealed class BlockDistances
    {
        private readonly long _start, _rows;
        private readonly Tensor _cosines, _near, _difference, _sum;
        private readonly Dictionary<(EnergyDistance, bool), Tensor> _cache = new();

        public BlockDistances(Tensor unit, long start, long rows)
        {
            _start = start; _rows = rows;
            var mine = unit.narrow(0, start, rows);
            _cosines = mine.matmul(unit.t()).clamp_(Held(-1.0), Held(1.0));
            SelfPairs(_cosines).fill_(Held(1.0));
            _near = _cosines.abs().gt(Held(1.0 - NearThreshold)).nonzero();
            var a = mine.index_select(0, _near.select(1, 0));
            var b = unit.index_select(0, _near.select(1, 1));
            _difference = a.sub(b).norm(1);
            _sum = a.add(b, Held(1)).norm(1);
        }

        /// <summary>The entries (i, start + i): each neuron with itself.</summary>
        public Tensor SelfPairs(Tensor block) => block.narrow(1, _start, _rows).diagonal();

        public Tensor Of(EnergyDistance distance, bool opposite)
        {
            if (_cache.TryGetValue((distance, opposite), out var cached)) return cached;
            var c = opposite ? _cosines.neg() : _cosines;
            var (toward, away) = opposite ? (_sum, _difference) : (_difference, _sum);
            var z = distance == EnergyDistance.Euclidean
                ? c.mul(Held(-2.0)).add_(Held(2.0), Held(1)).clamp_min_(Held(0.0)).sqrt_()
                : c.acos().div_(Held(Math.PI));
            var exact = distance == EnergyDistance.Euclidean ? toward : toward.atan2(away).mul_(Held(2.0 / Math.PI));
            z.index_put_(exact, _near.select(1, 0), _near.select(1, 1));
            return _cache[(distance, opposite)] = z;
        }
    }
}

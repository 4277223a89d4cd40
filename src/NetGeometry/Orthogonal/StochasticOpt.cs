using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// S-OPT, stochastic OPT (Liu et al., CVPR 2021): instead of one D x D orthogonal matrix, each episode rotates only a
/// random subset of D' of the D input coordinates, W[:, idx] = V[:, idx] Q^T with Q = Q(R) of size D' x D', leaving
/// the other coordinates of every neuron alone. That map is orthogonal in R^D (Q on the subset, the identity
/// elsewhere), so it too keeps all angles between neurons and the hyperspherical energy. At the end of an episode
/// the layer folds W back into V (V &lt;- W), resets R to Q = I and draws a new subset: the function is unchanged, and
/// the next episode rotates other coordinates.
/// </summary>
internal static class StochasticOpt
{
    /// <summary>D' = max(1, round(fraction D)).</summary>
    public static long SubsetSize(long d, double fraction) => Math.Max(1, (long)Math.Round(fraction * d));

    /// <summary>D' distinct coordinates of 0..D-1, drawn uniformly, in ascending order (int64).</summary>
    public static Tensor SampleSubset(long d, double fraction, Generator generator)
    {
        using var permutation = randperm(d, generator: generator);
        using var chosen = permutation.narrow(0, 0, SubsetSize(d, fraction));
        var (ascending, order) = chosen.sort();
        order.Dispose();
        return ascending;
    }

    /// <summary>W = V with columns idx replaced by V[:, idx] Q^T (neurons are V's rows); differentiable in Q.</summary>
    public static Tensor Rotate(Tensor v, Tensor q, Tensor index) =>
        v.index_copy(1, index, v.index_select(1, index).matmul(q.t()));
}

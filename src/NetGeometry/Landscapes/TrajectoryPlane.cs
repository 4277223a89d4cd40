using static TorchSharp.torch;

namespace NetGeometry.Landscapes;

/// <summary>
/// The plane of a training trajectory (Li et al. 2018, sec. 7): the checkpoints theta_t - theta* stacked as rows,
/// centred, and their first two principal components (right singular vectors, unit norm, not filter-normalized) as
/// directions, with the share of the variance each explains (s_i^2 / sum s^2); the path is drawn at the least-squares
/// coordinates of each theta_t - theta* in the two directions, which are orthonormal, so the coordinates are the dot
/// products.
/// </summary>
/// <param name="First">The first principal direction, a unit float64 vector.</param>
/// <param name="Second">The second, orthogonal to the first.</param>
/// <param name="ExplainedVariance">The share of the trajectory's variance each direction explains.</param>
/// <param name="Path">Each checkpoint's coordinates (a, b) in the plane, in the order given.</param>
internal sealed record TrajectoryPlane(Tensor First, Tensor Second, double[] ExplainedVariance, (double A, double B)[] Path) : IDisposable
{
    /// <summary>The plane of <paramref name="checkpoints"/> (at least three, float64 vectors) around <paramref name="final"/>.</summary>
    public static TrajectoryPlane Of(IReadOnlyList<Tensor> checkpoints, Tensor final)
    {
        if (checkpoints.Count < 3) throw new ArgumentException($"a trajectory plane needs at least three checkpoints, got {checkpoints.Count}.");
        using var scope = NewDisposeScope();
        var moves = stack(checkpoints.Select(c => c.sub(final)).ToList(), 0);
        var centred = moves.sub(moves.mean([0], keepdim: true));
        var (_, s, vh) = linalg.svd(centred, fullMatrices: false);
        var variance = s.pow(Held(2));
        double total = variance.sum().item<double>();
        var shares = variance.narrow(0, 0, 2).div(Held(total)).data<double>().ToArray();
        var first = vh[0].clone();
        var second = vh[1].clone();
        var a = moves.matmul(first).data<double>().ToArray();
        var b = moves.matmul(second).data<double>().ToArray();
        return new TrajectoryPlane(first.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope(), shares,
            a.Zip(b, (x, y) => (x, y)).ToArray());
    }

    /// <summary>Frees the directions.</summary>
    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
    }
}

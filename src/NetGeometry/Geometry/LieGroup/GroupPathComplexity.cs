using static TorchSharp.torch;

namespace NetGeometry.Geometry.LieGroup;

/// <summary>A layer's generator H_l = log(J_l) under the metric: ||H_l||_G, or NaN with the reason the principal
/// logarithm does not exist.</summary>
/// <param name="Layer">The layer's name ("product" for the direct path).</param>
/// <param name="Norm">||log(J_l)||_G, or NaN when the logarithm does not exist.</param>
/// <param name="Undefined">Why the logarithm does not exist, or null.</param>
public sealed record LayerGenerator(string Layer, double Norm, string? Undefined);

/// <summary>
/// Dong &amp; Zhou's complexity of a network as a path in a group (geometrization.md): the path complexity
/// C_path = sum_l ||H_l||_G with H_l = log(J_l) (each layer a step along the one-parameter subgroup exp(t H_l)),
/// against the direct cost C_direct = ||log(J_L ... J_1)||_G of the one-step path to the same end point. Their ratio
/// C_path / C_direct says how far the layers are from a straight path; with a bi-invariant metric (q = 1 on the
/// orthogonal group) it is at least 1. Norms come from a <see cref="PenaltyMetric"/> on n x n matrices, e.g.
/// <see cref="PenaltyMetric.Band"/>. Any undefined logarithm (a layer matrix with an eigenvalue on the negative real
/// axis) makes the totals NaN; the reason is kept.
/// </summary>
/// <param name="Layers">Each layer's generator, in forward order.</param>
/// <param name="PathComplexity">C_path = sum_l ||H_l||_G (NaN if any is undefined).</param>
/// <param name="DirectCost">C_direct = ||log(J_L ... J_1)||_G (NaN if undefined).</param>
/// <param name="DirectUndefined">Why log(J_L ... J_1) does not exist, or null.</param>
public sealed record GroupPathComplexity(IReadOnlyList<LayerGenerator> Layers, double PathComplexity, double DirectCost, string? DirectUndefined)
{
    /// <summary>C_path / C_direct.</summary>
    public double Ratio => PathComplexity / DirectCost;

    /// <summary>C_path and C_direct of the elements J_1, ..., J_L (in forward order) under <paramref name="metric"/>.</summary>
    /// <exception cref="ArgumentException">There are no elements.</exception>
    public static GroupPathComplexity Measure(IReadOnlyList<GroupElement> elements, PenaltyMetric metric)
    {
        if (elements.Count == 0) throw new ArgumentException("no layer to measure: the network has no residual block or square layer.");
        var layers = elements.Select(e => Generator(e.Layer, e.Matrix, metric)).ToList();
        using var product = elements.Skip(1).Aggregate(elements[0].Matrix.clone(), (acc, e) =>
        {
            var next = e.Matrix.matmul(acc);
            acc.Dispose();
            return next;
        });
        var direct = Generator("product", product, metric);
        return new GroupPathComplexity(layers, layers.Sum(l => l.Norm), direct.Norm, direct.Undefined);
    }

    private static LayerGenerator Generator(string layer, Tensor matrix, PenaltyMetric metric)
    {
        try
        {
            using var generator = MatrixLog.Principal(matrix);
            return new LayerGenerator(layer, metric.Norm(generator), null);
        }
        catch (MatrixLogDomainException e)
        {
            return new LayerGenerator(layer, double.NaN, e.Message);
        }
    }
}

using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Paths;

/// <summary>Squared Frobenius norms and distances of parameter sets, summed per layer (in the first set's layer order).</summary>
internal static class LayerDistances
{
    /// <summary>sum over each layer's parameters of ||a - b||_F^2; <paramref name="b"/> must hold every key of <paramref name="a"/>.</summary>
    public static IReadOnlyList<(string Layer, double Squared)> Squared(IEnumerable<NamedParameter> a, ParameterSnapshot b) =>
        PerLayer(a, p =>
        {
            using var other = b[p.Key].to(p.Value.dtype, p.Value.device);
            using var difference = p.Value.sub(other);
            return difference.pow(Held(2)).sum().item<double>();
        });

    /// <summary>sum over each layer's parameters of ||a||_F^2.</summary>
    public static IReadOnlyList<(string Layer, double Squared)> SquaredNorms(IEnumerable<NamedParameter> a) =>
        PerLayer(a, p =>
        {
            using var squared = p.Value.pow(Held(2)).sum();
            return squared.item<double>();
        });

    private static IReadOnlyList<(string Layer, double Squared)> PerLayer(IEnumerable<NamedParameter> parameters, Func<NamedParameter, double> measure)
    {
        using var _ = no_grad();
        var sums = new List<(string Layer, double Squared)>();
        foreach (var p in parameters)
        {
            double value = measure(p);
            int index = sums.FindIndex(s => s.Layer == p.Layer);
            if (index < 0) sums.Add((p.Layer, value));
            else sums[index] = (p.Layer, sums[index].Squared + value);
        }
        return sums;
    }
}

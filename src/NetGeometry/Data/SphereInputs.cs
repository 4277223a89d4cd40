using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Points uniform on the unit sphere S^(d-1) in R^d, the input distribution of Du et al. (2019, Sec. 6: n = 1000,
/// d = 1000) and Su &amp; Yang (2019). A standard Gaussian vector divided by its norm is uniform on the sphere
/// because N(0, I_d) is rotation invariant (Muller 1959).
/// </summary>
public static class SphereInputs
{
    /// <summary><paramref name="count"/> points uniform on S^(dim-1) from <paramref name="seed"/> (count x dim, float64, unit rows).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count or dim is not positive.</exception>
    public static InputSample Sample(int count, int dim, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        using var g = Seeds.Generator(seed);
        using var z = randn(count, dim, dtype: ScalarType.Float64, generator: g);
        using var norms = z.norm(1, keepdim: true);
        return new InputSample("sphere", z.div(norms), $"x uniform on the unit sphere S^{dim - 1} in R^{dim} (n={count}, seed={seed})");
    }
}

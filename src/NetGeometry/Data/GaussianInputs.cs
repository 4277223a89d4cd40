using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>Gaussian inputs x ~ N(0, s^2 I_d), with s = 1 unless a scale is given.</summary>
public static class GaussianInputs
{
    /// <summary><paramref name="count"/> draws x ~ N(0, scale^2 I_dim) from <paramref name="seed"/> (count x dim, float64).</summary>
    /// <exception cref="ArgumentOutOfRangeException">count or dim is not positive, or scale is not positive and finite.</exception>
    public static InputSample Sample(int count, int dim, long seed, double scale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if (!(scale > 0 && double.IsFinite(scale))) throw new ArgumentOutOfRangeException(nameof(scale), scale, "the scale must be positive and finite.");
        using var g = Seeds.Generator(seed);
        var x = randn(count, dim, dtype: ScalarType.Float64, generator: g);
        if (scale != 1.0) x.mul_(Held(scale));
        return new InputSample("gaussian", x, $"x ~ N(0, {scale:R}^2 I_{dim}) (n={count}, seed={seed})");
    }
}

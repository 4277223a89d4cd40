using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>Corrupted targets, to see what fitting noise does to the geometry (Zhang et al. 2017).</summary>
public static class LabelNoise
{
    /// <summary>Regression: y + e with e ~ N(0, sigma^2) on every target entry.</summary>
    public static Dataset AddGaussian(Dataset data, double sigma, long seed)
    {
        if (!(sigma >= 0 && double.IsFinite(sigma))) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be finite and non-negative.");
        using var g = Seeds.Generator(seed);
        using var noise = randn(data.Targets.shape, dtype: ScalarType.Float64, generator: g);
        return data.Derive($"label noise N(0, {sigma:R}^2) added to the targets (seed={seed})",
            targets: data.Targets.add(noise, alpha: Held(sigma)));
    }

    /// <summary>
    /// Classification, as in Zhang et al. (2017, Sec. 3): round(fraction * n) examples, chosen at random, get a class
    /// drawn uniformly from all K classes (which may be their own), so about fraction * (1 - 1/K) of the labels change.
    /// The targets are re-derived in the set's encoding (one-hot or class index).
    /// </summary>
    public static Dataset RandomizeClasses(Dataset data, double fraction, long seed)
    {
        if (!(fraction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the fraction must be in [0, 1].");
        if (data.Labels is null || data.ClassCount is not { } classes)
            throw new ArgumentException($"{data.Name} is not a classification set; add Gaussian noise to its targets instead.");
        InputException.Require(classes >= 2, $"{DataFields.LabelNoise}: {data.Name} has a single class, so no label can change; keep at least two classes.");
        bool oneHot = data.OutputDim == classes; // otherwise one column holding the class index
        long replaced = (long)Math.Round(fraction * data.Count);
        using var g = Seeds.Generator(seed);
        using var order = randperm(data.Count, generator: g);
        using var chosen = order.narrow(0, 0, replaced);
        using var drawn = randint(0, classes, new long[] { replaced }, dtype: ScalarType.Int64, generator: g);
        var labels = data.Labels.scatter(0, chosen, drawn);
        return data.Derive($"{replaced} of {data.Count} labels replaced by uniformly random classes (fraction {fraction:R}, seed={seed})",
            targets: ClassTargets.Encode(labels, classes, oneHot), labels: labels);
    }
}

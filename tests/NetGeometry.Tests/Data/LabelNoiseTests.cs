using NetGeometry.Data;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class LabelNoiseTests
{
    private static Dataset Classes(int n, int classCount, bool oneHot)
    {
        using var g = Seeds.Generator(11);
        var labels = randint(0, classCount, new long[] { n }, dtype: ScalarType.Int64, generator: g);
        return ClassTargets.Create("classes", zeros(n, 2, dtype: ScalarType.Float64), labels, classCount, oneHot, "test");
    }

    [Fact]
    public void About_the_asked_fraction_of_classes_is_replaced()
    {
        using var data = Classes(4000, 10, oneHot: true);
        using var noisy = LabelNoise.RandomizeClasses(data, 0.3, seed: 12);
        using var changed = noisy.Labels!.ne(data.Labels!);
        // 1200 labels are redrawn uniformly among 10 classes; 9 in 10 of them change: 1080 +- about 10.
        double fraction = changed.sum().item<long>() / 4000.0;
        Assert.InRange(fraction, 0.3 * 0.9 - 0.015, 0.3 * 0.9 + 0.015);
        using var rowClass = noisy.Targets.argmax(1);
        Assert.True(TensorAssert.Same(rowClass, noisy.Labels!));
        Assert.Contains("1200 of 4000 labels replaced", noisy.Provenance);
        using var same = LabelNoise.RandomizeClasses(data, 0.3, seed: 12);
        Assert.True(TensorAssert.Same(same.Labels!, noisy.Labels!));
    }

    [Fact]
    public void Class_index_targets_stay_class_index_targets()
    {
        using var data = Classes(100, 3, oneHot: false);
        using var noisy = LabelNoise.RandomizeClasses(data, 1.0, seed: 13);
        Assert.Equal(new long[] { 100, 1 }, noisy.Targets.shape);
        using var expected = noisy.Labels!.to_type(ScalarType.Float64).unsqueeze(1);
        Assert.True(TensorAssert.Same(expected, noisy.Targets));
    }

    [Fact]
    public void Regression_noise_has_the_asked_standard_deviation()
    {
        using var data = new Dataset("flat", zeros(20_000, 1, dtype: ScalarType.Float64),
            ones(20_000, 1, dtype: ScalarType.Float64), "test");
        using var noisy = LabelNoise.AddGaussian(data, 0.5, seed: 14);
        using var noise = noisy.Targets.sub(data.Targets);
        Assert.Equal(0.5, noise.std().item<double>(), 0.01);
        Assert.Equal(0.0, noise.mean().item<double>(), 0.01);
        Assert.True(data.Targets.eq(Held(1.0)).all().item<bool>()); // the original is untouched
    }
}

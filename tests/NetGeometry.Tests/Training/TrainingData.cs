using NetGeometry.Data;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

/// <summary>Small seeded data sets made in the test itself.</summary>
public static class TrainingData
{
    /// <summary>n points on the unit sphere in R^d with N(0,1) labels (Du et al.'s setting).</summary>
    public static DataSplit SphereRegression(int n, int d, long seed)
    {
        using var g = Seeds.Generator(seed);
        var x = randn(n, d, generator: g, dtype: float64);
        x = x.div(x.norm(1, keepdim: true));
        var y = randn(n, 1, generator: g, dtype: float64);
        return new DataSplit(new Dataset("sphere", x, y, "test"), null);
    }

    /// <summary>Three Gaussian blobs in R^d, one-hot targets, with a test set.</summary>
    public static DataSplit Blobs(int n, int d, long seed)
    {
        using var g = Seeds.Generator(seed);
        using var centers = randn(3, d, generator: g, dtype: float64).mul(Held(3));
        Dataset Make(int count, string name)
        {
            var labels = randint(0, 3, new long[] { count }, generator: g, dtype: int64);
            var x = centers.index_select(0, labels).add(randn(count, d, generator: g, dtype: float64), Held(1));
            var targets = nn.functional.one_hot(labels, 3).to_type(ScalarType.Float64);
            return new Dataset(name, x, targets, "test", labels, 3);
        }
        return new DataSplit(Make(n, "blobs"), Make(n / 2, "blobs-test"));
    }
}

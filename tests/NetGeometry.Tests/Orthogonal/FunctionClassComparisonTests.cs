using NetGeometry.Engine;
using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Orthogonal;

public class FunctionClassComparisonTests
{
    private static Tensor Gaussian(long rows, long columns, long seed)
    {
        using var g = Seeds.Generator(seed);
        return randn(rows, columns, generator: g, dtype: float64);
    }

    [Fact]
    public void EveryMapKeepsTheGramMatrixAndMapsThatDefineTheSameMatrixAgree()
    {
        using var scope = NewDisposeScope();
        var comparison = FunctionClassComparison.Of(Gaussian(40, 40, 1), Gaussian(25, 40, 2));
        Assert.InRange(comparison.GramDeviation, 0, 1e-12);
        Assert.InRange(comparison.AgreementDeviation, 0, 1e-10);
        // Different definitions name different matrices: random orthogonal matrices are O(sqrt(D)) apart.
        Assert.True(comparison.SmallestDifference > 1, $"closest pair {comparison.ClosestPair}: {comparison.SmallestDifference}");
    }

    [Fact]
    public void NeuronsThatDoNotFitQAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => FunctionClassComparison.Of(Gaussian(4, 4, 1), Gaussian(3, 5, 2)));
    }
}

using NetGeometry.Engine;
using NetGeometry.Spectral;

namespace NetGeometry.Tests.Spectral;

public class HarmonicMultiplicityTests
{
    [Fact]
    public void KnownDimensions()
    {
        Assert.Equal(1, HarmonicMultiplicity.Of(2, 0));
        for (int l = 1; l <= 10; l++) Assert.Equal(2, HarmonicMultiplicity.Of(2, l)); // cos and sin of l phi
        for (int l = 0; l <= 10; l++) Assert.Equal(2 * l + 1, HarmonicMultiplicity.Of(3, l));
        for (int d = 2; d <= 40; d++)
        {
            Assert.Equal(1, HarmonicMultiplicity.Of(d, 0));
            Assert.Equal(d, HarmonicMultiplicity.Of(d, 1));
            Assert.Equal((d + 2) * (d - 1) / 2, HarmonicMultiplicity.Of(d, 2)); // traceless symmetric d x d matrices
        }
        Assert.Equal(660, HarmonicMultiplicity.Of(10, 4));
    }

    [Fact]
    public void TheBranchingRuleAddsUpTheSubSphereDegrees()
    {
        // Restricting degree-l harmonics on S^(d-1) to S^(d-2): N(d, l) = sum_{k <= l} N(d - 1, k).
        for (int d = 3; d <= 12; d++)
            for (int l = 0; l <= 8; l++)
                Assert.Equal(HarmonicMultiplicity.Of(d, l), Enumerable.Range(0, l + 1).Sum(k => HarmonicMultiplicity.Of(d - 1, k)));
    }

    [Fact]
    public void BadArgumentsAreInputErrors()
    {
        Assert.Contains("d = 1", Assert.Throws<InputException>(() => HarmonicMultiplicity.Of(1, 2)).Message);
        Assert.Contains("0 or more", Assert.Throws<InputException>(() => HarmonicMultiplicity.Of(3, -1)).Message);
    }

    [Fact]
    public void LargeCountsMatchTheOtherClosedFormRoundedToDouble()
    {
        // N(d, l) = (2l + d - 2) (l + d - 3)! / (l! (d - 2)!) (Atkinson & Han 2012, Ch. 2), in big integers: the
        // counts are exact while below 2^53 and correctly rounded beyond (N(1000, 8) is about 2.5e19).
        static System.Numerics.BigInteger Factorial(int n) =>
            Enumerable.Range(1, n).Aggregate(System.Numerics.BigInteger.One, (p, k) => p * k);
        foreach (var (d, l) in new[] { (2000, 3), (1000, 5), (1000, 8), (37, 11) })
        {
            var exact = (2 * l + d - 2) * Factorial(l + d - 3) / (Factorial(l) * Factorial(d - 2));
            Assert.Equal((double)exact, HarmonicMultiplicity.Of(d, l));
        }
        Assert.Equal(50_000_004_999_999.0, HarmonicMultiplicity.Of(10_000_000, 2));
    }
}

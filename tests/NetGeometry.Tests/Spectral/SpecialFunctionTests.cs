using NetGeometry.Numerics;
using NetGeometry.Spectral;

namespace NetGeometry.Tests.Spectral;

public class SpecialFunctionTests
{
    [Fact]
    public void LogGammaMatchesFactorialsHalfIntegersAndTheRecurrence()
    {
        double logFactorial = 0;
        for (int n = 1; n <= 60; n++)
        {
            Assert.Equal(logFactorial, SpecialFunctions.LogGamma(n), 1e-13 * Math.Max(1, logFactorial)); // Gamma(n) = (n-1)!
            logFactorial += Math.Log(n);
        }
        // Gamma(n + 1/2) = (2n)! sqrt(pi) / (4^n n!)
        for (int n = 0; n <= 30; n++)
        {
            double exact = 0.5 * Math.Log(Math.PI) - n * Math.Log(4);
            for (int k = n + 1; k <= 2 * n; k++) exact += Math.Log(k);
            Assert.Equal(exact, SpecialFunctions.LogGamma(n + 0.5), 1e-13 * Math.Max(1, Math.Abs(exact)));
        }
        Assert.Equal(Math.Log(2.6789385347077476337), SpecialFunctions.LogGamma(1.0 / 3), 1e-14); // Gamma(1/3)
        foreach (var x in new[] { 0.1, 0.37, 1.7, 12.25, 150.5 })
            Assert.Equal(Math.Log(x) + SpecialFunctions.LogGamma(x), SpecialFunctions.LogGamma(x + 1), 1e-12 * Math.Max(1, SpecialFunctions.LogGamma(x + 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(64)]
    public void GaussLegendreIsExactUpToDegreeTwoNMinusOneAndNotBeyond(int n)
    {
        var rule = GaussLegendre.Rule(n);
        Assert.Equal(n, rule.Nodes.Length);
        Assert.True(rule.Nodes.Zip(rule.Nodes.Skip(1), (a, b) => a < b).All(x => x), "nodes ascend");
        Assert.True(rule.Weights.All(w => w > 0));
        double Integrate(int k) => rule.Nodes.Zip(rule.Weights, (x, w) => w * Math.Pow(x, k)).Sum();
        for (int k = 0; k <= 2 * n - 1; k++)
            Assert.Equal(k % 2 == 1 ? 0 : 2.0 / (k + 1), Integrate(k), 1e-13);
        // x^(2n) is the first monomial it misses: the error is 2^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^3) (2n)!, positive.
        double missed = 2.0 / (2 * n + 1) - Integrate(2 * n);
        Assert.True(missed > 0, $"n = {n}: x^{2 * n} integrated exactly");
    }
}

using NetGeometry.Benchmarks;
using NetGeometry.Engine;

namespace NetGeometry.Tests.Benchmarks;

/// <summary>The Hessian-vector-product benchmark in the library: what it builds, what it times, what it refuses.</summary>
public class HvpBenchmarkTests
{
    private static HvpBenchmarkSpec Small(bool productsOnly = false) =>
        new(N: 20, D: 4, Width: 8, Depth: 3, K: 3, Tolerance: 1e-9, Reps: 3, MaxProducts: 200, ProductsOnly: productsOnly, Seed: 1);

    [Fact]
    public void LanczosAndPowerIterationAgreeOnTheTopEigenvalueOfThePeersProblem()
    {
        var spec = Small();
        var r = HvpBenchmark.Run(spec);
        Assert.Equal(4 * 8 + 8 * 8 + 8, r.Parameters);
        Assert.Equal(spec.Parameters, r.Parameters);
        Assert.True(r.SecondsSetup > 0 && r.SecondsPerProduct > 0);
        var e = Assert.IsType<HvpEigenvalues>(r.Eigenvalues);
        Assert.True(e.Converged);
        Assert.Equal(3, e.Values.Length);
        Assert.True(e.Values.Zip(e.Values.Skip(1)).All(p => p.First >= p.Second), "largest first");
        Assert.All(e.RelativeResiduals, x => Assert.True(x <= 1e-9));
        Assert.Equal(e.Values[0], e.PowerTopValue, 1e-6 * Math.Abs(e.Values[0]));
        // The same seed draws the same problem: the products-only run measures the products alone.
        Assert.Null(HvpBenchmark.Run(Small(productsOnly: true)).Eigenvalues);
    }

    [Theory]
    [InlineData(HvpSolver.Full)]
    [InlineData(HvpSolver.ThickRestart)]
    public void EachSolverMatchesItsReferenceSolveAndTimesItsProducts(HvpSolver solver)
    {
        var spec = Small() with { K = 4, Tolerance = 1e-6, Solver = solver, Basis = solver == HvpSolver.ThickRestart ? 8 : 0, ReferenceTolerance = 1e-11 };
        var e = Assert.IsType<HvpEigenvalues>(HvpBenchmark.Run(spec).Eigenvalues);
        Assert.True(e.Converged);
        Assert.True(e.SecondsInProductsTopK > 0 && e.SecondsInProductsTopK <= e.SecondsTopK);
        Assert.Equal(4, e.RelativeErrors.Length);
        // The residual bound |theta - lambda| <= ||r||^2 / gap makes a 1e-6 residual's eigenvalue far more accurate.
        Assert.All(e.RelativeErrors, x => Assert.True(x <= 1e-6, $"relative error {x}"));
        Assert.True(e.ProductsReference >= e.ProductsTopK);
    }

    [Fact]
    public void SizesThatDoNotGoTogetherAreRefused()
    {
        Assert.Contains("--max-products must be at least --k (3)", Assert.Throws<InputException>(() => (Small() with { MaxProducts = 2 }).Validate()).Message);
        Assert.Contains("--basis must be 0", Assert.Throws<InputException>(() => (Small() with { Basis = 4 }).Validate()).Message);
        Assert.Contains("has parameters (104)", Assert.Throws<InputException>(() => (Small() with { K = 105, MaxProducts = 500 }).Validate()).Message);
    }
}

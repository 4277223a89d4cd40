using System.Text.Json;
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

    /// <summary>tests/fixtures/hvp-problem: `bench/hvp_problem.py DIR --n 20 --d 4 --width 8 --depth 3 --seed 0` wrote the
    /// peer's network and data; peer-eigsh.json is `torch_peer.py hess --n 20 --d 4 --width 8 --depth 3 --k 3 --algo eigsh
    /// --tol 1e-12 --reps 0` (ARPACK on PyTorch's Hessian-vector product of that very problem).</summary>
    private static string PeerProblem => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hvp-problem");

    [Fact]
    public void OnThePeersOwnNetworkAndDataTheTopEigenvaluesAreThePeers()
    {
        using var peerJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(PeerProblem, "peer-eigsh.json")));
        var peer = peerJson.RootElement.GetProperty("eigenvalues").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var spec = Small() with { K = 3, Tolerance = 1e-10, Problem = PeerProblem };
        var e = Assert.IsType<HvpEigenvalues>(HvpBenchmark.Run(spec).Eigenvalues);
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(e.Values[i] - peer[i]) <= 1e-8 * peer[i], $"eigenvalue {i}: netgeo {e.Values[i]}, peer {peer[i]}");
        // netgeo's own draws at the same sizes are another problem, so the loaded one is not a coincidence.
        var own = Assert.IsType<HvpEigenvalues>(HvpBenchmark.Run(Small() with { K = 3 }).Eigenvalues);
        Assert.True(Math.Abs(own.Values[0] - peer[0]) > 1e-3 * peer[0], $"netgeo's draw {own.Values[0]}, the peer's {peer[0]}");
    }

    [Fact]
    public void SizesThatDoNotGoTogetherAreRefused()
    {
        Assert.Contains("has no layer4.npy", Assert.Throws<InputException>(() => (Small() with { Depth = 4, Problem = PeerProblem }).Validate()).Message);
        Assert.Contains("x.npy is 20 x 4, the sizes give 30 x 4",
            Assert.Throws<InputException>(() => HvpBenchmark.Run(Small() with { N = 30, Problem = PeerProblem })).Message);
        Assert.Contains("--max-products must be at least --k (3)", Assert.Throws<InputException>(() => (Small() with { MaxProducts = 2 }).Validate()).Message);
        Assert.Contains("--basis must be 0", Assert.Throws<InputException>(() => (Small() with { Basis = 4 }).Validate()).Message);
        Assert.Contains("has parameters (104)", Assert.Throws<InputException>(() => (Small() with { K = 105, MaxProducts = 500 }).Validate()).Message);
    }
}

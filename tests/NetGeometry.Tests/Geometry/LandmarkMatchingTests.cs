using NetGeometry.Engine;
using NetGeometry.Geometry.Matching;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class LandmarkMatchingTests
{
    private static readonly LandmarkHamiltonian Hamiltonian = new(new GaussianKernel(0.3));

    /// <summary>n random points in [0, scale]^2 (uniform).</summary>
    private static Tensor Points(long seed, int n, double scale = 1)
    {
        using var g = Seeds.Generator(seed);
        return rand(n, 2, generator: g, dtype: ScalarType.Float64).mul(Held(scale));
    }

    /// <summary>Nine random landmarks, one uniform in each cell of a 3 x 3 grid on [0, 1]^2 (kept 0.1 from the cell's
    /// edges, so no two are closer than 0.2).</summary>
    private static Tensor Scattered(long seed) => Points(seed, 9, 0.13333).add(
        tensor(Enumerable.Range(0, 9).SelectMany(i => new[] { i % 3 / 3.0 + 0.1, i / 3 / 3.0 + 0.1 }).ToArray(), new long[] { 9, 2 }, ScalarType.Float64), Held(1));

    [Fact]
    public void ASingleLandmarkMovesOnAStraightLineAtTheSpeedOfItsMomentum()
    {
        // One landmark: K(q, q) = 1 and dp/dt = 0, so q(t) = q0 + t p0, speed |p0| (image-matching.md's closed form).
        var q0 = tensor(new[] { 0.2, -0.1 }, new long[] { 1, 1, 2 }, ScalarType.Float64);
        var p0 = tensor(new[] { 0.9, 0.4 }, new long[] { 1, 1, 2 }, ScalarType.Float64);
        var path = LandmarkShooting.Shoot(Hamiltonian, q0, p0, steps: 10);
        for (int k = 0; k <= 10; k++)
        {
            var expected = q0.add(p0, Held(k / 10.0));
            Assert.True(path.Landmarks[k].sub(expected).abs().max().item<double>() < 1e-14, $"t = {k / 10.0}");
            Assert.True(path.Momenta[k].sub(p0).abs().max().item<double>() < 1e-14);
        }
        Assert.Equal(0.9 * 0.9 + 0.4 * 0.4, Hamiltonian.Energy(q0, p0).item<double>(), 14);
    }

    [Fact]
    public void TheHamiltonianIsConservedToTheFourthOrderOfRungeKutta()
    {
        var q0 = Points(3, 6).unsqueeze(0);
        var p0 = Points(4, 6, scale: 2).sub(Held(1)).unsqueeze(0);
        double h0 = Hamiltonian.Value(q0, p0).item<double>();
        double Drift(int steps)
        {
            var path = LandmarkShooting.Shoot(Hamiltonian, q0, p0, steps);
            return Math.Abs(Hamiltonian.Value(path.End, path.Momenta[^1]).item<double>() - h0);
        }
        double coarse = Drift(8), fine = Drift(16), finer = Drift(32);
        Assert.True(coarse > 1e-9, $"the drift at 8 steps ({coarse}) is too small to measure an order");
        // Halving the step divides an O(dt^4) error by 16: the measured order log2(ratio) near 4.
        double order = Math.Log2(coarse / fine), nextOrder = Math.Log2(fine / finer);
        Assert.InRange(order, 3.5, 5.5);
        Assert.InRange(nextOrder, 3.5, 5.5);
    }

    [Fact]
    public void TheShootingJacobianAgreesWithCentralDifferences()
    {
        var q0 = Points(5, 4);
        var p0 = Points(6, 4).sub(Held(0.5));
        var (_, jacobian) = LandmarkMatching.ShootingJacobian(Hamiltonian, q0, p0, steps: 12);
        const double epsilon = 1e-6;
        var flat = p0.flatten();
        for (int k = 0; k < 8; k++)
        {
            var e = zeros(8, dtype: ScalarType.Float64);
            e[k] = epsilon;
            var plus = LandmarkShooting.Shoot(Hamiltonian, q0.unsqueeze(0), flat.add(e, Held(1)).reshape(1, 4, 2), 12).End.flatten();
            var minus = LandmarkShooting.Shoot(Hamiltonian, q0.unsqueeze(0), flat.sub(e).reshape(1, 4, 2), 12).End.flatten();
            var column = plus.sub(minus).div(Held(2 * epsilon));
            double error = column.sub(jacobian[.., k]).abs().max().item<double>();
            Assert.True(error < 1e-8, $"column {k}: {error}");
        }
    }

    [Fact]
    public void ExactMatchingOfTwoRandomLandmarkSetsReachesTheTargetAndItsGeodesicIsShorterThanOthers()
    {
        var source = Scattered(7);
        var target = Scattered(8);
        var match = LandmarkMatching.Exact(Hamiltonian, source, target, new MatchingOptions(Steps: 20));
        Assert.True(match.Converged && match.Iterations < 60, $"error {match.EndpointError} after {match.Iterations} iterations");
        var path = LandmarkShooting.Shoot(Hamiltonian, source.unsqueeze(0), match.Momenta.unsqueeze(0), 20);
        Assert.True(LandmarkMatching.EndpointError(path.End[0], target) < 1e-6);
        // The geodesic minimizes the path energy among paths with the same ends: the straight line between them costs more.
        // Its own discrete energy (midpoint metric, second order) approaches p0^T K(q0) p0: doubling the slices quarters the gap.
        var kernel = Hamiltonian.Kernel;
        double Discrete(int steps) => LandmarkPathEnergy.Of(kernel,
            LandmarkShooting.Shoot(Hamiltonian, source.unsqueeze(0), match.Momenta.unsqueeze(0), steps).Landmarks.Select(q => q[0]).ToList());
        double coarse = Math.Abs(Discrete(20) - match.Energy), fine = Math.Abs(Discrete(40) - match.Energy);
        Assert.InRange(coarse / fine, 3, 5.5);
        Assert.True(fine < 1e-2 * match.Energy, $"discrete {Discrete(40)} vs p0^T K p0 = {match.Energy}");
        var straight = Enumerable.Range(0, 41).Select(k => source.add(target.sub(source), Held(k / 40.0))).ToList();
        Assert.True(LandmarkPathEnergy.Of(kernel, straight) > Discrete(40));
    }

    [Fact]
    public void InexactMatchingApproachesTheExactOneAsLambdaFalls()
    {
        var source = Points(9, 5);
        var target = source.add(Points(10, 5, scale: 0.4).sub(Held(0.2)), Held(1));
        var options = new MatchingOptions(Steps: 16);
        var exact = LandmarkMatching.Exact(Hamiltonian, source, target, options);
        var loose = LandmarkMatching.Inexact(Hamiltonian, source, target, 0.3, options);
        var tight = LandmarkMatching.Inexact(Hamiltonian, source, target, 0.01, options);
        // The data term trades matching for energy: a larger lambda ends farther from the target with less energy.
        Assert.True(loose.EndpointError > tight.EndpointError && tight.EndpointError > exact.EndpointError, $"iterations {loose.Iterations}, {tight.Iterations}, {exact.Iterations}");
        Assert.True(loose.Energy < tight.Energy);
        Assert.Equal(exact.Energy, tight.Energy, exact.Energy * 0.01);
    }

    [Fact]
    public void TheFlowOfTheGeodesicKeepsTheGridsJacobianPositiveAndCarriesLandmarksLikeLandmarks()
    {
        var source = Points(11, 6);
        var target = source.add(Points(12, 6, scale: 0.4).sub(Held(0.2)), Held(1));
        var match = LandmarkMatching.Exact(Hamiltonian, source, target, new MatchingOptions());
        var grid = new GridJacobian(15, -0.5, 1.5);
        // Carried points that sit on the landmarks move with them: the flow of the plane is the landmarks' flow.
        var carried = cat([grid.Nodes(), source]).unsqueeze(0);
        var path = LandmarkShooting.Shoot(Hamiltonian, source.unsqueeze(0), match.Momenta.unsqueeze(0), 20, carried);
        var images = path.Points![^1][0];
        Assert.True(images[(int)grid.Nodes().shape[0]..].sub(path.End[0]).abs().max().item<double>() < 1e-12);
        Assert.True(grid.Determinants(images[..(int)grid.Nodes().shape[0]]).min().item<double>() > 0);
        Assert.Equal(1.0, grid.Determinants(grid.Nodes()).min().item<double>(), 12);
    }
}

using NetGeometry.Geometry.Matching;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class MatchingResNetTests
{
    private static readonly LandmarkHamiltonian Hamiltonian = new(new GaussianKernel(0.3));

    /// <summary>Every block's velocity field made the constant d (W2 = 0, b2 = d): the network translates the plane by d.</summary>
    private static MatchingResNet Translation(int blocks, double dx, double dy)
    {
        var net = new MatchingResNet(blocks, 4, seed: 1);
        using var noGrad = no_grad();
        net.Parameters[2].zero_();
        net.Parameters[3].copy_(tensor(new[] { dx, dy }, ScalarType.Float64).expand(blocks, 2));
        return net;
    }

    [Fact]
    public void ATranslatingNetworkCarriesOneLandmarkAlongTheGeodesicWithTheGeodesicsEnergy()
    {
        using var net = Translation(8, 0.3, -0.4);
        var source = tensor(new[] { 0.5, 0.5 }, new long[] { 1, 2 }, ScalarType.Float64);
        var (states, velocities) = net.Path(source);
        // One landmark: the geodesic is the straight line at constant speed and E = |target - source|^2 (image-matching.md).
        Assert.Equal(0.8, states[^1][0, 0].item<double>(), 14);
        Assert.Equal(0.1, states[^1][0, 1].item<double>(), 14);
        Assert.Equal(0.25, LandmarkPathEnergy.Of(Hamiltonian.Kernel, states), 12);
        Assert.Equal(0.25, MatchingResNet.KineticPenalty(velocities).item<double>(), 14);
        var match = LandmarkMatching.Exact(Hamiltonian, source, states[^1], new MatchingOptions());
        Assert.Equal(0.25, match.Energy, 10);
    }

    [Fact]
    public void ATranslationOfSeveralLandmarksCostsAtLeastTheirGeodesic()
    {
        // K(q) is the same along a translation, so its path energy is d^T K^-1 d over the stacked d; the geodesic between the
        // same ends costs no more (it minimizes the energy) and, since the landmarks interact, less.
        using var net = Translation(16, 0.2, 0.1);
        var source = tensor(new[] { 0.1, 0.2, 0.4, 0.3, 0.3, 0.6, 0.7, 0.5 }, new long[] { 4, 2 }, ScalarType.Float64);
        var states = net.Path(source).States;
        double translation = LandmarkPathEnergy.Of(Hamiltonian.Kernel, states);
        var k = Hamiltonian.Kernel.Matrix(source.unsqueeze(0), source.unsqueeze(0))[0];
        var d = tensor(new[] { 0.2, 0.1 }, ScalarType.Float64).expand(4, 2);
        Assert.Equal(d.mul(linalg.solve(k, d)).sum().item<double>(), translation, 10);
        var match = LandmarkMatching.Exact(Hamiltonian, source, states[^1], new MatchingOptions());
        Assert.True(match.Converged);
        Assert.True(match.Energy < translation, $"geodesic {match.Energy} vs translation {translation}");
    }

    [Fact]
    public void ReinitializingABlockResetsItAndDisposingTheResetRestoresTheTrainedBlockExactly()
    {
        using var net = new MatchingResNet(3, 5, seed: 2);
        var x = tensor(new[] { 0.2, 0.7, 0.6, 0.4 }, new long[] { 2, 2 }, ScalarType.Float64);
        var initial = net.Path(x).States[^1].detach().clone();
        using (no_grad())
            foreach (var p in net.Parameters) p.add_(Held(0.1), Held(1));
        var trained = net.Path(x).States[^1].detach().clone();
        var trainedBlocks = net.Parameters.Select(p => p.detach().clone()).ToArray();
        using (net.Reinitialize(1))
        {
            Assert.True(net.Path(x).States[^1].sub(trained).abs().max().item<double>() > 1e-3);
            // Block 1 is back at its initial values (the trained ones less the 0.1 added); the other blocks keep theirs.
            for (int i = 0; i < 4; i++)
            {
                Assert.True(net.Parameters[i][1].sub(trainedBlocks[i][1].sub(Held(0.1))).abs().max().item<double>() < 1e-15);
                Assert.True(net.Parameters[i][0].sub(trainedBlocks[i][0]).abs().max().item<double>() == 0);
            }
        }
        Assert.Equal(0, net.Path(x).States[^1].sub(trained).abs().max().item<double>());
        Assert.True(initial.sub(trained).abs().max().item<double>() > 1e-3);
    }
}

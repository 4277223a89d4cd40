using System.Numerics;
using NetGeometry.Engine;
using NetGeometry.Geometry.Quantum;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class GeodesicShootingTests
{
    private static readonly ShootingOptions Fast = new() { Steps = 40 };

    [Fact]
    public void ShootingFromAPerturbedGuessConvergesOnAOneQubitTarget()
    {
        using var basis = new PauliBasis(1);
        using var metric = basis.Metric(1);
        using var equation = new GeodesicEquation(basis, metric);
        var exact = new[] { 0.7, -0.4, 1.1 };
        using var h = tensor(exact, ScalarType.Float64);
        using var target = linalg.matrix_exp(basis.ToMatrix(h).mul(Held(-Complex.ImaginaryOne)));
        var result = GeodesicShooting.Shoot(equation, target, [0.3, 0.2, 0.5], Fast);
        Assert.True(result.Converged, $"residual {result.Residual} after {result.Iterations} iterations");
        Assert.InRange(result.Iterations, 2, 15);
        Assert.Equal(exact, result.InitialHamiltonian, (a, b) => Math.Abs(a - b) < 1e-7);
    }

    [Fact]
    public void AtQOneTheComplexityOfATwoQubitTargetIsItsGeneratorsNorm()
    {
        using var basis = new PauliBasis(2);
        using var g = Seeds.Generator(21);
        using var h = randn(basis.Count, generator: g, dtype: float64).mul(Held(0.3));
        using var target = linalg.matrix_exp(basis.ToMatrix(h).mul(Held(-Complex.ImaginaryOne)));
        var result = CircuitComplexity.Compute(target, q: 1, options: Fast);
        Assert.True(result.Converged);
        Assert.Equal(Math.Sqrt(h.pow(Held(2)).sum().item<double>()), result.Length, 6);
        Assert.Equal(result.StraightLength, result.Length, 6);
        Assert.True(result.EndpointError < 1e-6, $"||U(1) - target|| = {result.EndpointError}");
    }

    [Fact]
    public void WithHardComponentsTheGeodesicIsShorterThanTheStraightPath()
    {
        using var basis = new PauliBasis(2);
        using var target = QuantumTargets.LocalThenEntangling(basis);
        var result = CircuitComplexity.Compute(target, q: 4, cheapBodies: 1, options: Fast);
        Assert.True(result.Converged, $"residual {result.Residual}");
        Assert.Equal(new[] { 1.0, 2.0, 4.0 }, result.Stages.Select(s => s.Q));
        Assert.True(result.Length < 0.85 * result.StraightLength, $"geodesic {result.Length} vs straight {result.StraightLength}");
        // The entangling part needs at least its own cost q * 0.4; the local part is cheap.
        Assert.InRange(result.Length, 4 * 0.4, 4 * 0.4 + Math.Sqrt(1 + 0.64));
        Assert.True(result.EndpointError < 1e-5 && result.IntegrationError < 1e-5, $"endpoint {result.EndpointError}, RK4 {result.IntegrationError}");
    }

    [Fact]
    public void TheLengthIsInvariantUnderQubitSwapAndLocalConjugation()
    {
        using var basis = new PauliBasis(2);
        using var target = QuantumTargets.LocalThenEntangling(basis);
        using var swap = Circuit.Unitary(Circuit.Parse("SWAP 0 1"), 2);
        using var local = Circuit.Unitary(Circuit.Parse("RY(0.7) 0; RX(-1.1) 1; RZ(0.3) 1"), 2);
        double Length(Tensor u) => CircuitComplexity.Compute(u, q: 4, cheapBodies: 1, options: Fast).Length;
        double original = Length(target);
        using var swapped = swap.matmul(target).matmul(swap.mH);
        using var conjugated = local.matmul(target).matmul(local.mH);
        Assert.Equal(original, Length(swapped), 8);
        Assert.Equal(original, Length(conjugated), 8);
        // Not a symmetry: conjugating by an entangling gate changes which terms are hard, and the length.
        using var entangler = Circuit.Unitary(Circuit.Parse("CNOT 0 1"), 2);
        using var entangled = entangler.matmul(target).matmul(entangler.mH);
        Assert.True(Math.Abs(Length(entangled) - original) > 1e-3);
    }

    [Fact]
    public void ATargetIsTakenUpToGlobalPhase()
    {
        using var basis = new PauliBasis(1);
        using var hadamard = Circuit.Unitary(Circuit.Parse("H 0"), 1);
        using var rephased = hadamard.mul(Held(Complex.Exp(Complex.ImaginaryOne * 0.9)));
        var a = CircuitComplexity.Compute(hadamard, q: 1, options: Fast);
        var b = CircuitComplexity.Compute(rephased, q: 1, options: Fast);
        Assert.Equal(Math.PI / 2, a.Length, 6);   // H = i exp(-i (pi/2) (X + Z) / sqrt 2)
        Assert.Equal(a.Length, b.Length, 9);
    }
}

using System.Numerics;
using NetGeometry.Engine;
using NetGeometry.Geometry.Quantum;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class GeodesicEquationTests
{
    [Fact]
    public void AtQOneTheGeodesicIsTheOneParameterSubgroupWithLengthTheNormOfH()
    {
        using var basis = new PauliBasis(2);
        using var metric = basis.Metric(1);
        using var equation = new GeodesicEquation(basis, metric);
        using var g = Seeds.Generator(4);
        using var h = randn(basis.Count, generator: g, dtype: float64).mul(Held(0.4));
        using var path = equation.Integrate(h, 100, keepPath: true);
        using var hamiltonian = basis.ToMatrix(h);
        using var exact = linalg.matrix_exp(hamiltonian.mul(Held(-Complex.ImaginaryOne)));
        Assert.True(QuantumTargets.Distance(path.Endpoints[0], exact) < 1e-7, $"U(1) - exp(-iH) = {QuantumTargets.Distance(path.Endpoints[0], exact)}");
        Assert.True(QuantumTargets.Distance(path.FinalHamiltonians[0], h) == 0, "H stays constant");
        using var speeds = path.Speeds(metric);
        double norm = Math.Sqrt(h.pow(Held(2)).sum().item<double>());
        Assert.True(speeds.sub(Held(norm)).abs().max().item<double>() < 1e-14, "length = ||H|| at every t");
    }

    [Fact]
    public void TheMomentumIsConjugatedByTheFlowOnlyForTheRightSign()
    {
        // Along a geodesic of a right-invariant metric, U^dagger L U is constant (Noether): L(1) = U(1) L(0) U(1)^dagger.
        // This holds for dL/dt = i[L, H] with dU/dt = -iHU and fails for the opposite sign, so it pins the equation down.
        using var basis = new PauliBasis(2);
        using var metric = basis.Metric(q: 6, cheapBodies: 1);
        using var equation = new GeodesicEquation(basis, metric);
        using var g = Seeds.Generator(9);
        using var h = randn(basis.Count, generator: g, dtype: float64).mul(Held(0.5));
        using var path = equation.Integrate(h, 200);
        using var u = path.Endpoints[0];
        using var l0 = basis.ToMatrix(metric.Lower(h));
        using var l1 = basis.ToMatrix(metric.Lower(path.FinalHamiltonians[0]));
        using var transported = u.matmul(l0).matmul(u.mH);
        Assert.True(QuantumTargets.Distance(l1, transported) < 1e-6, $"L(1) - U L(0) U^dagger = {QuantumTargets.Distance(l1, transported)}");
        Assert.True(QuantumTargets.Distance(path.FinalHamiltonians[0], h) > 0.05, "with q > 1 the Hamiltonian does change");
    }

    [Fact]
    public void HalvingTheStepShrinksTheRk4ErrorAboutSixteenfold()
    {
        using var basis = new PauliBasis(2);
        using var metric = basis.Metric(q: 4, cheapBodies: 1);
        using var equation = new GeodesicEquation(basis, metric);
        using var g = Seeds.Generator(12);
        using var h = randn(basis.Count, generator: g, dtype: float64).mul(Held(0.6));
        using var coarse = equation.Integrate(h, 10, keepPath: true);
        using var fine = equation.Integrate(h, 20);
        using var reference = equation.Integrate(h, 160);
        double coarseError = QuantumTargets.Distance(coarse.Endpoints, reference.Endpoints);
        double fineError = QuantumTargets.Distance(fine.Endpoints, reference.Endpoints);
        Assert.InRange(coarseError / fineError, 12, 20);
        using var speeds = coarse.Speeds(metric);
        double spread = speeds.max().item<double>() - speeds.min().item<double>();
        Assert.True(spread < 1e-3 * speeds.max().item<double>(), $"the speed ||H(t)||_G is conserved up to the RK4 error; spread {spread}");
    }
}

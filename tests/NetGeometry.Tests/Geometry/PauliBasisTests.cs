using NetGeometry.Engine;
using NetGeometry.Geometry.Quantum;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class PauliBasisTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 15)]
    [InlineData(3, 63)]
    public void TheBasisSpansSuN(int qubits, int count)
    {
        using var basis = new PauliBasis(qubits);
        Assert.Equal(count, basis.Count);
        Assert.Equal(count, basis.Labels.Distinct().Count());
        Assert.DoesNotContain(new string('I', qubits), basis.Labels);
        // Orthonormal under tr(A B) / N: the Gram matrix is the identity.
        using var flat = basis.Matrices.reshape(count, -1);
        using var gram = flat.matmul(flat.conj().t()).div(Held(basis.Dimension)).real;
        using var identity = eye(count, dtype: float64);
        Assert.True(gram.allclose(identity, atol: 1e-14));
    }

    [Fact]
    public void CoefficientsAndMatricesRoundTrip()
    {
        using var basis = new PauliBasis(3);
        using var g = Seeds.Generator(2);
        using var h = randn(4, basis.Count, generator: g, dtype: float64);
        using var matrices = basis.ToMatrix(h);
        using var back = basis.Coefficients(matrices);
        Assert.True(back.allclose(h, atol: 1e-14));
        using var hermitian = matrices.sub(matrices.mH);
        Assert.True(hermitian.abs().max().item<double>() < 1e-15, "sum h_sigma sigma is Hermitian");
    }

    [Fact]
    public void TheMetricPenalizesOnlyTermsOnMoreThanTheCheapBodyCount()
    {
        using var basis = new PauliBasis(3);
        Assert.Equal(2, basis.Weights[basis.IndexOf("XIZ")]);
        Assert.Equal(3, basis.Weights[basis.IndexOf("YYY")]);
        using var metric = basis.Metric(q: 5, cheapBodies: 2);
        var weights = metric.Weights.data<double>().ToArray();
        for (int s = 0; s < basis.Count; s++) Assert.Equal(basis.Weights[s] <= 2 ? 1 : 25, weights[s]);
        using var h = zeros(basis.Count, dtype: float64);
        h[basis.IndexOf("XYZ")] = 0.3;
        h[basis.IndexOf("ZII")] = 0.4;
        Assert.Equal(Math.Sqrt(0.4 * 0.4 + 25 * 0.09), metric.Norm(h), 14);
        Assert.Throws<InputException>(() => basis.Metric(q: 0.5));
    }
}

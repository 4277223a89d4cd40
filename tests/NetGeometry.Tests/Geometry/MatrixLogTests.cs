using NetGeometry.Numerics;
using System.Numerics;
using NetGeometry.Engine;
using NetGeometry.Geometry.LieGroup;
using NetGeometry.Geometry.Quantum;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class MatrixLogTests
{
    private static double MaxAbs(Tensor a, Tensor b)
    {
        using var difference = a.sub(b);
        using var max = difference.abs().max();
        return max.item<double>();
    }

    private static Tensor Rotation(double angle) =>
        tensor(new[] { Math.Cos(angle), -Math.Sin(angle), Math.Sin(angle), Math.Cos(angle) }, new long[] { 2, 2 }, ScalarType.Float64);

    [Fact]
    public void LogAndExpAreInverseOnRealMatrices()
    {
        using var g = Seeds.Generator(11);
        // Small generators: their eigenvalues' imaginary parts lie in (-pi, pi), so log(exp X) = X.
        using var x = randn(7, 7, generator: g, dtype: float64).mul(Held(0.4));
        using var exp = linalg.matrix_exp(x);
        using var log = MatrixLog.Principal(exp);
        Assert.True(MaxAbs(log, x) < 1e-12, $"log(exp X) - X = {MaxAbs(log, x)}");
        Assert.Equal(ScalarType.Float64, log.dtype);

        // A matrix far from the identity, nonsymmetric, with complex eigenvalues: exp(log A) = A.
        using var a = randn(6, 6, generator: g, dtype: float64).add(eye(6, dtype: float64).mul(Held(3)), Held(1));
        using var back = linalg.matrix_exp(MatrixLog.Principal(a));
        Assert.True(MaxAbs(back, a) < 1e-11 * 6, $"exp(log A) - A = {MaxAbs(back, a)}");
    }

    [Fact]
    public void LogOfAUnitaryIsMinusITimesItsHamiltonian()
    {
        using var basis = new PauliBasis(2);
        using var g = Seeds.Generator(3);
        using var h = randn(basis.Count, generator: g, dtype: float64).mul(Held(0.5));
        using var hamiltonian = basis.ToMatrix(h);
        using var u = linalg.matrix_exp(hamiltonian.mul(Held(-Complex.ImaginaryOne)));
        using var log = MatrixLog.Principal(u);
        using var recovered = basis.Coefficients(log.mul(Held(Complex.ImaginaryOne)));
        Assert.True(MaxAbs(recovered, h) < 1e-12, $"coefficients differ by {MaxAbs(recovered, h)}");
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-6)]
    public void RotationsNearPiKeepTheirAngleOnThePrincipalBranch(double gap)
    {
        // Below pi the generator is theta J; just above pi the principal branch is -(2 pi - theta) J.
        foreach (var (angle, expected) in new[] { (Math.PI - gap, Math.PI - gap), (Math.PI + gap, -(Math.PI - gap)) })
        {
            using var r = Rotation(angle);
            using var log = MatrixLog.Principal(r);
            var v = log.data<double>().ToArray();
            double tolerance = 1e-15 / gap * 10;  // the log's condition number grows like 1 / (pi - |theta|)
            Assert.True(Math.Abs(v[2] - expected) < tolerance && Math.Abs(v[1] + expected) < tolerance,
                $"angle {angle}: generator [[{v[0]}, {v[1]}], [{v[2]}, {v[3]}]], expected +-{expected}");
            Assert.True(Math.Abs(v[0]) < tolerance && Math.Abs(v[3]) < tolerance, $"angle {angle}: diagonal {v[0]}, {v[3]}");
        }
    }

    [Fact]
    public void ARotationInThreeDimensionsNearPiGivesItsAxisAndAngle()
    {
        double angle = Math.PI - 1e-5;
        var axis = new[] { 1.0, 2.0, -2.0 }.Select(c => c / 3).ToArray();
        using var k = tensor(new[] { 0, -axis[2], axis[1], axis[2], 0, -axis[0], -axis[1], axis[0], 0 }, new long[] { 3, 3 }, ScalarType.Float64);
        using var generator = k.mul(Held(angle));
        using var r = linalg.matrix_exp(generator);
        using var log = MatrixLog.Principal(r);
        Assert.True(MaxAbs(log, generator) < 1e-8, $"generator off by {MaxAbs(log, generator)}");
    }

    [Theory]
    [InlineData(new[] { -1.0, 0, 0, 2 }, "negative real axis")]
    [InlineData(new[] { -1.0, 0, 0, -1 }, "negative real axis")]   // a rotation by pi: a real log exists, a principal one does not
    [InlineData(new[] { 1.0, 2, 2, 4 }, "singular")]
    public void MatricesWithoutAPrincipalLogarithmAreAClearError(double[] entries, string mention)
    {
        using var a = tensor(entries, new long[] { 2, 2 }, ScalarType.Float64);
        var error = Assert.Throws<MatrixLogDomainException>(() => MatrixLog.Principal(a));
        Assert.Contains(mention, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Fact]
    public void JordanBlocksHaveTheirExactLogarithm()
    {
        // log [[l, 1], [0, l]] = [[ln l, 1/l], [0, ln l]];  log of the 3 x 3 block adds -1/(2 l^2) in the corner.
        using var two = tensor(new[] { 2.0, 1, 0, 2 }, new long[] { 2, 2 }, ScalarType.Float64);
        var l2 = MatrixLog.Principal(two).data<double>().ToArray();
        Assert.Equal(new[] { Math.Log(2), 0.5, 0, Math.Log(2) }, l2, new Tolerance(1e-13));
        using var three = tensor(new[] { 3.0, 1, 0, 0, 3, 1, 0, 0, 3 }, new long[] { 3, 3 }, ScalarType.Float64);
        var l3 = MatrixLog.Principal(three).data<double>().ToArray();
        Assert.Equal(new[] { Math.Log(3), 1 / 3.0, -1 / 18.0, 0, Math.Log(3), 1 / 3.0, 0, 0, Math.Log(3) }, l3, new Tolerance(1e-13));
    }

    [Fact]
    public void TheSquareRootSquaresBackAndThePadeStepIsBelowRoundoff()
    {
        using var g = Seeds.Generator(5);
        using var a = randn(8, 8, generator: g, dtype: float64).add(eye(8, dtype: float64).mul(Held(4)), Held(1));
        using var root = MatrixSquareRoot.Principal(a);
        Assert.True(MaxAbs(root.matmul(root), a) < 1e-12 * 8, $"sqrt(A)^2 - A = {MaxAbs(root.matmul(root), a)}");
        Assert.True(MatrixLog.PadeTruncationBound(MatrixLog.PadeRadius) < 2.2e-16, $"Padé truncation at the radius: {MatrixLog.PadeTruncationBound(MatrixLog.PadeRadius)}"); // below machine epsilon
        Assert.True(MatrixLog.PadeTruncationBound(0.9) > 1e-6, "the bound grows away from the identity, so the radius matters");
    }

    [Fact]
    public void GaussLegendreIntegratesPolynomialsOfDegreeBelowTwoMExactly()
    {
        var (nodes, weights) = GaussLegendre.OnUnitInterval(8);
        for (int degree = 0; degree < 16; degree++)
            Assert.Equal(1.0 / (degree + 1), nodes.Zip(weights, (t, w) => w * Math.Pow(t, degree)).Sum(), 14);
        Assert.NotEqual(1.0 / 17, nodes.Zip(weights, (t, w) => w * Math.Pow(t, 16)).Sum(), 14);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;
        public int GetHashCode(double obj) => 0;
    }
}

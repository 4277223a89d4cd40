using NetGeometry.Engine;
using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Orthogonal;

public class OrthogonalizerTests
{
    /// <summary>The six maps R -> Q (OGD and OR use Q = R and are tested with training).</summary>
    public static TheoryData<string> Maps => new() { "gs", "hr", "ls", "cp", "exp", "ns" };

    private static IOrthogonalizer Create(string name) => OrthogonalMethods.Parse(name).CreateOrthogonalizer();

    private static Tensor Gaussian(long rows, long columns, long seed)
    {
        using var g = Seeds.Generator(seed);
        return randn(rows, columns, generator: g, dtype: float64);
    }

    [Theory, MemberData(nameof(Maps))]
    public void EveryMapGivesAnOrthogonalMatrixToRoundOffAndTheIdentityAtItsStart(string method)
    {
        var map = Create(method);
        foreach (var d in new[] { 1, 2, 7, 40 })
        {
            using var scope = NewDisposeScope();
            var q = map.Orthogonalize(Gaussian(d, d, 10 + d));
            Assert.Equal(new long[] { d, d }, q.shape);
            double error = Orthogonality.Error(q);
            Assert.True(error < 1e-10, $"{method}, D = {d}: ||Q Q^T - I|| = {error:E2}");
            var start = map.Orthogonalize(map.IdentityParameter(d, ScalarType.Float64, CPU));
            Assert.True(TensorAssert.Same(start, eye(d, dtype: float64)), $"{method}: Q(identity parameter) must be I exactly");
        }
    }

    [Theory, MemberData(nameof(Maps))]
    public void AutogradThroughEveryMapMatchesFiniteDifferences(string method)
    {
        // L(R) = <C, Q(R)>: its autograd gradient against central differences along random directions, both at the
        // identity parameter (where OPT starts; Loewdin's SVD has all singular values equal there) and at a random R.
        var map = Create(method);
        const int d = 6;
        const double h = 1e-6;
        using var c = Gaussian(d, d, 1);
        foreach (var point in new[] { map.IdentityParameter(d, ScalarType.Float64, CPU), Gaussian(d, d, 2).mul(Held(0.5)).add(eye(d, dtype: float64), Held(1)) })
        {
            using var r = point.detach().requires_grad_(true);
            using var loss = map.Orthogonalize(r).mul(c).sum();
            using var gradient = Autograd.Grad(loss, new[] { r })[0];
            for (int k = 0; k < 3; k++)
            {
                using var scope = NewDisposeScope();
                var direction = Gaussian(d, d, 100 + k);
                double Loss(double t)
                {
                    using var _ = no_grad();
                    return map.Orthogonalize(r.detach().add(direction, alpha: Held(t))).mul(c).sum().item<double>();
                }
                double finite = (Loss(h) - Loss(-h)) / (2 * h), analytic = gradient.mul(direction).sum().item<double>();
                Assert.True(double.IsFinite(analytic), $"{method}: gradient is {analytic}");
                Assert.True(Math.Abs(finite - analytic) <= 1e-6 * Math.Max(1, Math.Abs(finite)),
                    $"{method}: finite differences {finite}, autograd {analytic}");
            }
            point.Dispose();
        }
    }

    [Fact]
    public void CayleyAndExponentialOfA2x2SkewMatrixAreTheKnownRotations()
    {
        // S = [[0, a], [-a, 0]]: exp(S) rotates by a; (I + S)(I - S)^-1 by 2 atan(a).
        const double a = 0.3;
        using var r = tensor(new[] { 5.0, a, -7.0, 11.0 }, new long[] { 2, 2 }); // only the strict upper triangle counts
        static Tensor Rotation(double theta) =>
            tensor(new[] { Math.Cos(theta), Math.Sin(theta), -Math.Sin(theta), Math.Cos(theta) }, new long[] { 2, 2 });
        using var exp = new MatrixExponential().Orthogonalize(r);
        using var cayley = new Cayley().Orthogonalize(r);
        Assert.True(exp.allclose(Rotation(a), rtol: 0, atol: 1e-15));
        Assert.True(cayley.allclose(Rotation(2 * Math.Atan(a)), rtol: 0, atol: 1e-15));
    }

    [Fact]
    public void TheExponentialOfAnAxisTimesAnAngleIsRodriguesRotation()
    {
        // S = theta K with K the cross-product matrix of a unit axis k: exp(S) = I + sin(theta) K + (1 - cos(theta)) K^2.
        const double theta = 1.1;
        var k = new[] { 2.0 / 3, -1.0 / 3, 2.0 / 3 };
        using var kx = tensor(new[] { 0, -k[2], k[1], k[2], 0, -k[0], -k[1], k[0], 0 }, new long[] { 3, 3 });
        using var r = kx.mul(Held(theta)).triu(1);
        using var expected = eye(3, dtype: float64).add(kx, alpha: Held(Math.Sin(theta))).add(kx.matmul(kx), alpha: Held(1 - Math.Cos(theta)));
        using var q = new MatrixExponential().Orthogonalize(r);
        Assert.True(q.allclose(expected, rtol: 0, atol: 1e-14));
    }

    [Fact]
    public void HouseholderOfA2x2IsTheProductOfItsTwoReflections()
    {
        // v_1 = (1, 0.5), tau_1 = 2 / 1.25; H_2 flips coordinate 2; Q = -H_1 H_2 = [[0.6, -0.8], [0.8, 0.6]].
        using var r = tensor(new[] { 3.0, -2.0, 0.5, 9.0 }, new long[] { 2, 2 });
        using var q = new Householder().Orthogonalize(r);
        using var expected = tensor(new[] { 0.6, -0.8, 0.8, 0.6 }, new long[] { 2, 2 });
        Assert.True(q.allclose(expected, rtol: 0, atol: 1e-15));
    }

    [Fact]
    public void HouseholderByTheUtTransformIsLibtorchsHouseholderProduct()
    {
        using var scope = NewDisposeScope();
        var r = Gaussian(50, 50, 7);
        var tails = r.tril(-1);
        var product = linalg.householder_product(tails, tails.pow(Held(2)).sum(dim: 0).add(Held(1.0), Held(1)).reciprocal().mul(Held(2.0)));
        Assert.True(new Householder().Orthogonalize(r).allclose(product.neg(), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void GramSchmidtIsTheQrFactorOfRTransposeWithAPositiveDiagonal()
    {
        using var scope = NewDisposeScope();
        var r = Gaussian(70, 70, 3); // more than two blocks of rows
        var (qr, triangular) = linalg.qr(r.t());
        var expected = qr.mul(triangular.diagonal().sign().unsqueeze(0)).t();
        var q = new GramSchmidt().Orthogonalize(r);
        Assert.True(q.allclose(expected, rtol: 0, atol: 1e-10), $"max difference {q.sub(expected).abs().max().item<double>():E2}");
    }

    [Fact]
    public void LoewdinIsThePolarFactorAndNewtonSchulzConvergesToIt()
    {
        using var scope = NewDisposeScope();
        var r = Gaussian(30, 30, 4).add(eye(30, dtype: float64).mul(Held(3)), Held(1));
        var (eigenvalues, eigenvectors) = linalg.eigh(r.t().matmul(r));
        var inverseRoot = eigenvectors.mul(eigenvalues.rsqrt().unsqueeze(0)).matmul(eigenvectors.t());
        var polar = r.matmul(inverseRoot); // R (R^T R)^(-1/2)
        Assert.True(new Loewdin().Orthogonalize(r).allclose(polar, rtol: 0, atol: 1e-12));
        Assert.True(new NewtonSchulz().Orthogonalize(r).allclose(polar, rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void OgdAndOrUseRItselfAndUnknownNamesAreInputErrors()
    {
        using var r = Gaussian(4, 4, 5);
        foreach (var name in new[] { "ogd", "or" })
        {
            var map = Create(name);
            using var q = map.Orthogonalize(r);
            Assert.True(TensorAssert.Same(q, r));
        }
        Assert.Equal(new[] { "gs", "hr", "ls", "cp", "exp", "ns", "ogd", "or" }, OrthogonalMethods.Names);
        var error = Assert.Throws<InputException>(() => OrthogonalMethods.Parse("qr"));
        Assert.Contains("gs, hr, ls, cp, exp, ns, ogd, or", error.Message);
    }

    [Fact]
    public void ThePenaltyGradientIsTheAutogradGradientOfLambdaTimesTheOrthogonalityError()
    {
        using var scope = NewDisposeScope();
        var r = Gaussian(5, 5, 6).requires_grad_(true);
        var penalty = r.matmul(r.t()).sub(eye(5, dtype: float64)).norm().mul(Held(0.1));
        var expected = Autograd.Grad(penalty, new[] { r })[0];
        Assert.True(OrthogonalityPenalty.Gradient(r, 0.1).allclose(expected, rtol: 1e-12, atol: 1e-14));
        Assert.Equal(0.0, OrthogonalityPenalty.Gradient(eye(5, dtype: float64), 0.1).abs().max().item<double>());
    }
}

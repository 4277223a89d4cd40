using NetGeometry.Engine;
using NetGeometry.Kernels;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

public class KernelDiagnosticsTests
{
    /// <summary>Q diag(lambda) Q^T for a random orthogonal Q.</summary>
    private static Tensor WithSpectrum(params double[] lambda)
    {
        using var g = Seeds.Generator(3);
        using var a = randn(lambda.Length, lambda.Length, generator: g, dtype: float64);
        var (q, r) = linalg.qr(a);
        using (q) using (r) using (var d = diag(tensor(lambda)))
        {
            using var k = q.mm(d).mm(q.t());
            return k.add(k.t(), Held(1)).div_(Held(2));
        }
    }

    [Fact]
    public void TheSpectrumAndEverythingReadFromIt()
    {
        using var k = WithSpectrum(1, 4, 2, 3);
        var s = KernelDiagnostics.Spectrum(k);
        Assert.Equal(new[] { 4.0, 3, 2, 1 }, s.Eigenvalues.Select(v => Math.Round(v, 10)));
        Assert.Equal(4, s.LambdaMax, 10);
        Assert.Equal(1, s.LambdaMin, 10);
        Assert.Equal(4, s.ConditionNumber, 9);
        Assert.Equal(10, s.Trace, 12);
        Assert.Equal(100.0 / 30, s.ParticipationRatio, 10);
        double entropy = -new[] { 0.4, 0.3, 0.2, 0.1 }.Sum(p => p * Math.Log(p));
        Assert.Equal(Math.Exp(entropy), s.EntropyEffectiveRank, 10);
    }

    [Fact]
    public void EffectiveRanksRunFromOneToN()
    {
        using var identity = eye(7, dtype: float64).mul(Held(3));
        var flat = KernelDiagnostics.Spectrum(identity);
        Assert.Equal(7, flat.EntropyEffectiveRank, 10);
        Assert.Equal(7, flat.ParticipationRatio, 10);
        Assert.Equal(1, flat.ConditionNumber, 12);

        using var y = tensor(new[] { 1.0, -2, 0.5, 3 });
        using var rankOne = y.outer(y);
        var one = KernelDiagnostics.Spectrum(rankOne);
        Assert.Equal(1, one.EntropyEffectiveRank, 6);
        Assert.Equal(1, one.ParticipationRatio, 10);
        Assert.True(double.IsPositiveInfinity(one.ConditionNumber) || one.ConditionNumber > 1e14);
    }

    [Fact]
    public void TargetAlignmentIsOneForTheTargetKernelAndLowerOtherwise()
    {
        using var y = tensor(new[] { 1.0, -1, 1, -1, 1, 1, -1, -1 }, new long[] { 4, 2 });
        using var target = y.mm(y.t());
        Assert.Equal(1, KernelDiagnostics.TargetAlignment(target, y), 12);
        using var identity = eye(4, dtype: float64);
        // <I, Y Y^T> = ||Y||_F^2 = 8, ||I||_F = 2, ||Y Y^T||_F = sqrt(sum of squares of its entries).
        double expected = 8 / (2 * target.norm().item<double>());
        Assert.Equal(expected, KernelDiagnostics.TargetAlignment(identity, y), 12);
        // Against a full kernel (8 x 8) the target kernel is vec(Y) vec(Y)^T.
        using var vec = y.reshape(-1);
        using var fullTarget = vec.outer(vec);
        Assert.Equal(1, KernelDiagnostics.TargetAlignment(fullTarget, y), 12);
        Assert.Throws<ArgumentException>(() => KernelDiagnostics.TargetAlignment(eye(3, dtype: float64), y));
    }

    [Fact]
    public void RelativeDistancesBetweenKernels()
    {
        using var k = WithSpectrum(5, 2, 1);
        using var twice = k.mul(Held(2));
        Assert.Equal(0, KernelDiagnostics.RelativeFrobeniusDistance(k, k), 14);
        Assert.Equal(1, KernelDiagnostics.RelativeFrobeniusDistance(twice, k), 12);
        Assert.Equal(1, KernelDiagnostics.RelativeSpectralDistance(twice, k), 12);
        // K + e e^T with ||e|| = 1: the spectral distance is 1 / lambda_max, the Frobenius one 1 / ||K||_F.
        using var e = tensor(new[] { 0.6, 0.0, 0.8 });
        using var shifted = k.add(e.outer(e), Held(1));
        Assert.Equal(1.0 / 5, KernelDiagnostics.RelativeSpectralDistance(shifted, k), 12);
        Assert.Equal(1 / Math.Sqrt(30), KernelDiagnostics.RelativeFrobeniusDistance(shifted, k), 12);
        Assert.Equal(1, KernelDiagnostics.Alignment(k, twice), 12);
    }

    [Fact]
    public void NonSymmetricOrMismatchedKernelsAreRefused()
    {
        using var a = tensor(new[] { 1.0, 2, 0, 1 }, new long[] { 2, 2 });
        Assert.Throws<ArgumentException>(() => KernelDiagnostics.Spectrum(a));
        Assert.Throws<ArgumentException>(() => KernelDiagnostics.RelativeFrobeniusDistance(eye(2, dtype: float64), eye(3, dtype: float64)));
        Assert.Throws<ArgumentException>(() => KernelDiagnostics.Spectrum(zeros(2, 3, dtype: float64)));
    }
}

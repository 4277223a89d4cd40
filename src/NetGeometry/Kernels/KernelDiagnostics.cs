using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// Diagnostics of any kernel matrix (empirical, infinite-width, or another Gram matrix): its spectrum
/// (<see cref="KernelSpectrum"/>), its alignment with targets or with another kernel, and distances between kernels.
/// All in float64; kernels must be square and symmetric (checked to a relative 1e-8).
/// </summary>
public static class KernelDiagnostics
{
    /// <summary>The full spectrum (linalg.eigvalsh) and the quantities read from it.</summary>
    public static KernelSpectrum Spectrum(Tensor kernel)
    {
        RequireSymmetric(kernel);
        using var scope = NewDisposeScope();
        var k = kernel.to(float64);
        var values = linalg.eigvalsh(k).flip(0);
        double[] eigenvalues = values.cpu().data<double>().ToArray();
        var positive = values.clamp_min(Held(0));
        double total = positive.sum().item<double>();
        double entropyRank = 0, participation = 0;
        if (total > 0)
        {
            var p = positive.div(Held(total));
            double entropy = special.entr(p).sum().item<double>();            // -sum p ln p, with 0 ln 0 = 0
            entropyRank = Math.Exp(entropy);
            participation = total * total / positive.pow(Held(2)).sum().item<double>();
        }
        return new KernelSpectrum(eigenvalues, k.trace().item<double>(), entropyRank, participation);
    }

    /// <summary>
    /// Kernel-target alignment (Cristianini et al. 2002, Definition 1): A(K, Y Y^T) = &lt;K, Y Y^T&gt;_F / (||K||_F ||Y Y^T||_F),
    /// in [-1, 1]. Y is n x o targets: against a traced kernel (n x n) the target kernel is Y Y^T; against a full
    /// kernel (n o x n o) it is y y^T with y = vec(Y) in the kernel's order (example i, output a at i o + a).
    /// </summary>
    public static double TargetAlignment(Tensor kernel, Tensor targets)
    {
        RequireSymmetric(kernel);
        using var scope = NewDisposeScope();
        var y = targets.to(float64).to(kernel.device);
        if (y.dim() == 1) y = y.unsqueeze(1);
        long n = kernel.shape[0];
        if (y.shape[0] != n)
        {
            if (y.numel() != n)
                throw new ArgumentException($"targets [{string.Join(", ", targets.shape)}] fit neither a traced nor a full kernel of size {n}.");
            y = y.reshape(n, 1);
        }
        using var target = y.mm(y.t());
        return Alignment(kernel, target);
    }

    /// <summary>Kernel alignment of two kernels (Cristianini et al. 2002): &lt;K1, K2&gt;_F / (||K1||_F ||K2||_F).</summary>
    public static double Alignment(Tensor k1, Tensor k2)
    {
        RequireSameShape(k1, k2);
        using var scope = NewDisposeScope();
        var (a, b) = (k1.to(float64), k2.to(float64));
        double denominator = a.norm().item<double>() * b.norm().item<double>();
        return denominator > 0 ? a.mul(b).sum().item<double>() / denominator : double.NaN;
    }

    /// <summary>||K - K_ref||_F / ||K_ref||_F.</summary>
    public static double RelativeFrobeniusDistance(Tensor kernel, Tensor reference)
    {
        RequireSameShape(kernel, reference);
        using var scope = NewDisposeScope();
        var r = reference.to(float64);
        return kernel.to(float64).sub(r).norm().item<double>() / r.norm().item<double>();
    }

    /// <summary>||K - K_ref||_2 / ||K_ref||_2, spectral norms of symmetric matrices (the largest |eigenvalue|).</summary>
    public static double RelativeSpectralDistance(Tensor kernel, Tensor reference)
    {
        using var scope = NewDisposeScope();
        return SpectralDistance(kernel, reference) / SpectralNorm(reference.to(float64));
    }

    /// <summary>||K - K_ref||_2, the spectral norm of the difference of two symmetric matrices (its largest |eigenvalue|).</summary>
    public static double SpectralDistance(Tensor kernel, Tensor reference)
    {
        RequireSameShape(kernel, reference);
        RequireSymmetric(kernel);
        RequireSymmetric(reference);
        using var scope = NewDisposeScope();
        return SpectralNorm(kernel.to(float64).sub(reference.to(float64)));
    }

    private static double SpectralNorm(Tensor symmetric) => linalg.eigvalsh(symmetric).abs().max().item<double>();

    private static void RequireSymmetric(Tensor k)
    {
        if (k.dim() != 2 || k.shape[0] != k.shape[1] || k.shape[0] == 0)
            throw new ArgumentException($"a kernel matrix is square and non-empty, got [{string.Join(", ", k.shape)}].");
        using var scope = NewDisposeScope();
        double asymmetry = k.sub(k.t()).abs().max().item<double>(), size = k.abs().max().item<double>();
        if (!(asymmetry <= 1e-8 * size))
            throw new ArgumentException($"a kernel matrix is symmetric; this one has |K - K^T| up to {asymmetry:G3} (entries up to {size:G3}).");
    }

    private static void RequireSameShape(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"kernels of different shapes: [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}].");
    }
}

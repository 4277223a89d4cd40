using System.Diagnostics;
using NetGeometry.Curvature;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>How far an empirical NTK is from its infinite-width limit, and the limit's own spectrum.</summary>
/// <param name="Name">The limit's name in the papers (<see cref="InfiniteWidthKernel.Name"/>).</param>
/// <param name="RelativeFrobeniusDistance">||K - K_inf||_F / ||K_inf||_F.</param>
/// <param name="RelativeSpectralDistance">||K - K_inf||_2 / ||K_inf||_2.</param>
/// <param name="Spectrum">The limit kernel's spectrum.</param>
public sealed record LimitComparison(string Name, double RelativeFrobeniusDistance, double RelativeSpectralDistance, KernelSpectrum Spectrum);

/// <summary>
/// A model's empirical NTK on some inputs with its diagnostics: the kernel (float64), its spectrum, its alignment
/// with the targets (when given), the comparison with the infinite-width kernel (when one exists and every trained
/// layer counts), the method used and the seconds the kernel took.
/// </summary>
/// <param name="Kernel">The kernel (float64), owned by the analysis.</param>
/// <param name="Spectrum">The kernel's spectrum.</param>
/// <param name="TargetAlignment">Kernel-target alignment with the targets, or null without targets.</param>
/// <param name="Limit">The comparison with the infinite-width kernel, or null without one.</param>
/// <param name="Method">The method used (never Auto).</param>
/// <param name="Seconds">Wall-clock seconds the kernel took, diagnostics excluded.</param>
public sealed record NtkAnalysis(Tensor Kernel, KernelSpectrum Spectrum, double? TargetAlignment, LimitComparison? Limit,
    NtkMethod Method, double Seconds) : IDisposable
{
    /// <summary>Frees the kernel.</summary>
    public void Dispose() => Kernel.Dispose();

    /// <summary>A built-in network's analysis: its model's, compared with the network's infinite-width limit when it has one.</summary>
    public static NtkAnalysis Of(INetwork network, Tensor x, Tensor? targets, NtkOptions options) =>
        Of(NtkRequest.Check(network, options, x), x, targets, options.Layers is null ? InfiniteWidthKernel.For(network) : null);

    /// <summary>Any model's analysis (inputs of any rank); <paramref name="limit"/>, when given, is the kernel's
    /// infinite-width limit on the same inputs.</summary>
    public static NtkAnalysis Of(Model model, Tensor x, Tensor? targets, NtkOptions options, InfiniteWidthKernel? limit = null) =>
        Of(NtkRequest.Check(model, options, x), x, targets, limit);

    private static NtkAnalysis Of(NtkRequest request, Tensor x, Tensor? targets, InfiniteWidthKernel? infinite)
    {
        var clock = Stopwatch.StartNew();
        var kernel = EmpiricalNtk.Compute(request, x, null);
        double seconds = clock.Elapsed.TotalSeconds;
        try
        {
            var spectrum = KernelDiagnostics.Spectrum(kernel);
            double? alignment = targets is null ? null : KernelDiagnostics.TargetAlignment(kernel, targets);
            LimitComparison? limit = null;
            if (infinite is not null)
            {
                using var limitKernel = infinite.Ntk(x, output: request.Options.Output);
                limit = new LimitComparison(infinite.Name,
                    KernelDiagnostics.RelativeFrobeniusDistance(kernel, limitKernel),
                    KernelDiagnostics.RelativeSpectralDistance(kernel, limitKernel),
                    KernelDiagnostics.Spectrum(limitKernel));
            }
            return new NtkAnalysis(kernel, spectrum, alignment, limit, request.Method, seconds);
        }
        catch
        {
            kernel.Dispose();
            throw;
        }
    }
}

/// <summary>
/// The ends of the spectrum of an NTK found without storing it (<see cref="NtkOperator"/> and Lanczos): the largest and
/// smallest eigenvalues with their relative residuals ||Theta x - lambda x|| / |lambda|, the operator products used,
/// whether both met the tolerance, and the seconds taken.
/// </summary>
/// <param name="Size">The operator's dimension: n traced, n o full.</param>
/// <param name="LambdaMax">The largest eigenvalue.</param>
/// <param name="LambdaMin">The smallest eigenvalue.</param>
/// <param name="ResidualMax">LambdaMax's relative residual.</param>
/// <param name="ResidualMin">LambdaMin's relative residual.</param>
/// <param name="Products">Theta v products, both ends together.</param>
/// <param name="Converged">Both residuals met the tolerance.</param>
/// <param name="Method">How the products were computed (never Auto).</param>
/// <param name="Seconds">Wall-clock seconds, the operator's set-up included.</param>
public sealed record NtkExtremes(long Size, double LambdaMax, double LambdaMin, double ResidualMax, double ResidualMin,
    long Products, bool Converged, NtkMethod Method, double Seconds)
{
    /// <summary>LambdaMax / LambdaMin; +infinity when LambdaMin &lt;= 0.</summary>
    public double ConditionNumber => LambdaMin > 0 ? LambdaMax / LambdaMin : double.PositiveInfinity;

    /// <summary>A built-in network's: its model's.</summary>
    public static NtkExtremes Of(INetwork network, Tensor x, NtkOptions options, double tolerance, int? maxProducts = null, long seed = 0,
        IProgress<LanczosProgress>? progress = null) =>
        Of(network.AsModel(), x, options, tolerance, maxProducts, seed, progress);

    /// <summary>Any model's (inputs of any rank): Lanczos on <see cref="NtkOperator"/> for each end, to a relative
    /// residual <paramref name="tolerance"/>, with at most <paramref name="maxProducts"/> products per end.</summary>
    /// <exception cref="Engine.InputException">The inputs, layers or method do not fit the model.</exception>
    public static NtkExtremes Of(Model model, Tensor x, NtkOptions options, double tolerance, int? maxProducts = null, long seed = 0,
        IProgress<LanczosProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        using var op = NtkOperator.Create(model, x, options);
        using var top = op.Largest(1, tolerance, maxProducts, seed, progress);
        using var bottom = op.Smallest(1, tolerance, maxProducts, seed, progress);
        return new NtkExtremes(op.Dimension, top.Values[0], bottom.Values[0], top.RelativeResiduals[0], bottom.RelativeResiduals[0],
            op.Products, top.Converged && bottom.Converged, op.Method, clock.Elapsed.TotalSeconds);
    }
}

using System.Diagnostics;
using System.Globalization;
using NetGeometry.Curvature;
using NetGeometry.Experiments;

namespace NetGeometry.Cli;

/// <summary>
/// Plain stderr lines on long spectral work (stdout stays free for --json): Lanczos' products, wanted Ritz values and
/// worst relative residual (LOBPCG's likewise), the share of the kernel read for lambda_min's preconditioner, and the products done by estimators that report only products (trace, density). The first
/// report of each kind and each stage's last are always shown, the rest at most one line every few seconds.
/// </summary>
/// <param name="command">The line's prefix, e.g. "netgeo ntk".</param>
internal sealed class SpectrumProgress(string command) : IProgress<LanczosProgress>, IProgress<ProductProgress>, IProgress<double>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan? last;
    private (string, SpectrumEnd)? stage;

    public void Report(LanczosProgress p)
    {
        bool first = stage != (p.Method, p.End);   // a new solver or end: always shown
        stage = (p.Method, p.End);
        if (!Due(first)) return;
        var ritz = p.RitzValues.Length == 1
            ? $"Ritz value {Format(p.RitzValues[0])}"
            : $"{p.RitzValues.Length} Ritz values {Format(p.RitzValues[0])} .. {Format(p.RitzValues[^1])}";
        Write($"{p.Method} ({p.End.ToString().ToLowerInvariant()}): {p.Products}/{p.Limit} products, {ritz}, " +
              $"worst relative residual {p.RelativeResiduals.Max().ToString("G2", CultureInfo.InvariantCulture)}");
    }

    public void Report(ProductProgress p)
    {
        if (!Due(p.Products == 1 || p.Products >= p.Limit)) return;
        Write($"{p.Stage}: {p.Products}/{p.Limit} products");
    }

    /// <summary>The fraction of lambda_min's preconditioner built (netgeo ntk --matrix-free).</summary>
    public void Report(double built)
    {
        if (!Due(built >= 1)) return;
        Write($"lambda_min preconditioner: {Math.Floor(100 * built).ToString(CultureInfo.InvariantCulture)}% built");
    }

    /// <summary>Whether a line is due now: the first, a forced one, or one after the interval.</summary>
    private bool Due(bool force)
    {
        if (!force && last is { } previous && clock.Elapsed - previous < Interval) return false;
        last = clock.Elapsed;
        return true;
    }

    private void Write(string text) =>
        Console.Error.WriteLine($"{command}: {text}, {clock.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s");

    private static string Format(double value) => value.ToString("G8", CultureInfo.InvariantCulture);
}

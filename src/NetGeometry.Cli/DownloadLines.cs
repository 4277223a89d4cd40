using System.Diagnostics;
using NetGeometry.Data;

namespace NetGeometry.Cli;

/// <summary>
/// Shows downloads on stderr: on a terminal one line per file, rewritten in place as bytes arrive; otherwise a line
/// when a file starts, one every few seconds, and one when it is checked and in place (stdout stays free for --json).
/// </summary>
public sealed class DownloadLines : IProgress<DownloadProgress>
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly bool live = !Console.IsErrorRedirected;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan last;

    public void Report(DownloadProgress p)
    {
        bool starts = p.Received == 0 && !p.Done;
        if (!starts && !p.Done && clock.Elapsed - last < (live ? LiveInterval : PlainInterval)) return;
        last = clock.Elapsed;
        string line = $"fetching {p.File} from {p.Source.GetLeftPart(UriPartial.Authority)}: {Amount(p)}{(p.Done ? ", checksum verified" : "")}";
        if (live) Console.Error.Write($"\r{line}\u001b[K{(p.Done ? "\n" : "")}");
        else Console.Error.WriteLine(line);
    }

    private static string Amount(DownloadProgress p) => p.Total is > 0 and var total
        ? $"{Size(p.Received)} of {Size(total)} ({100.0 * p.Received / total:F0}%)"
        : Size(p.Received);

    private static string Size(long bytes) => bytes < 1_000_000 ? $"{bytes / 1e3:F1} kB" : $"{bytes / 1e6:F1} MB";
}

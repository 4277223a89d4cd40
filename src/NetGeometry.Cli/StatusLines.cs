using System.Diagnostics;

namespace NetGeometry.Cli;

/// <summary>
/// Progress of an analysis as plain lines on stderr (stdout stays free for --json): the first message at once, then
/// at most one every few seconds.
/// </summary>
public sealed class StatusLines(string title) : IProgress<string>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _last;

    public void Report(string value)
    {
        if (_last is { } last && _clock.Elapsed - last < Interval) return;
        _last = _clock.Elapsed;
        Console.Error.WriteLine($"{title}: {value}, {_clock.Elapsed.TotalSeconds:F0} s");
    }
}

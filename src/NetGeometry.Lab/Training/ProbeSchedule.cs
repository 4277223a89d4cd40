using System.Globalization;
using NetGeometry.Engine;

namespace NetGeometry.Training;

/// <summary>
/// The steps at which probes run (or checkpoints are saved): "every:K", "log:N" (N steps spaced evenly in log(1+t)),
/// "epoch" (the end of every epoch), or "end". Step 0 (initialization) and the last step are always included.
/// </summary>
public sealed class ProbeSchedule
{
    private readonly SortedSet<long> _steps;

    private ProbeSchedule(SortedSet<long> steps) => _steps = steps;

    public IReadOnlyCollection<long> Steps => _steps;

    public bool Contains(long step) => _steps.Contains(step);

    public static ProbeSchedule Parse(string text, long totalSteps, long stepsPerEpoch)
    {
        var steps = new SortedSet<long> { 0, totalSteps };
        var parts = text.Split(':', 2);
        string kind = parts[0].Trim().ToLowerInvariant();
        long Count() =>
            parts.Length == 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k > 0
                ? k
                : throw new InputException($"probe schedule '{text}': '{kind}' needs a positive whole number, e.g. {kind}:10.");
        switch (kind)
        {
            case "every":
                for (long s = 0, k = Count(); s <= totalSteps; s += k) steps.Add(s);
                break;
            case "log":
                long n = Count();
                // Points less than one step apart everywhere (n >= (1 + T) ln(1 + T)) round to every step: take them
                // directly rather than computing n points (log:2000000000 used to hang before training started).
                if (n >= (1.0 + totalSteps) * Math.Log(1.0 + totalSteps))
                    for (long s = 1; s < totalSteps; s++) steps.Add(s);
                else
                    for (long i = 1; i <= n; i++)
                        steps.Add((long)Math.Round(Math.Exp(Math.Log(1.0 + totalSteps) * i / n) - 1.0));
                break;
            case "epoch":
                for (long s = stepsPerEpoch; s <= totalSteps; s += Math.Max(1, stepsPerEpoch)) steps.Add(s);
                break;
            case "end":
                break;
            default:
                throw new InputException($"unknown schedule '{text}': use every:K, log:N, epoch or end.");
        }
        return new ProbeSchedule(steps);
    }
}

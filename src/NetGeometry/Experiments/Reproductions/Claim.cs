using System.Globalization;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// One claim of a paper checked on measurements: the sentence, the measured value (with its confidence interval
/// where there is one), the expected relation in words, and whether it holds.
/// </summary>
public sealed record Claim(string Statement, double Measured, Interval? ConfidenceInterval, string Expected, bool Holds)
{
    /// <summary>Holds when the measured value lies in <paramref name="expected"/> (NaN never does).</summary>
    public static Claim InRange(string statement, double measured, Interval expected, Interval? confidenceInterval, string theory) =>
        new(statement, measured, confidenceInterval, $"in [{Text(expected.Low)}, {Text(expected.High)}] ({theory})", expected.Contains(measured));

    /// <summary>"-0.512 (95% CI [-0.55, -0.47])".</summary>
    public string MeasuredText => ConfidenceInterval is { } ci && double.IsFinite(ci.Low)
        ? $"{Text(Measured)} (95% CI [{Text(ci.Low)}, {Text(ci.High)}])"
        : Text(Measured);

    /// <summary>The claim as one JSON object (what netgeo reproduce --json prints and claims.jsonl holds).</summary>
    public IReadOnlyDictionary<string, object?> JsonFields(string reproduction, Profile profile) => new Dictionary<string, object?>
    {
        ["reproduction"] = reproduction,
        ["profile"] = profile.ToString().ToLowerInvariant(),
        ["claim"] = Statement,
        ["measured"] = Measured,
        ["ci95"] = ConfidenceInterval is { } ci && double.IsFinite(ci.Low) ? new[] { ci.Low, ci.High } : null,
        ["expected"] = Expected,
        ["holds"] = Holds,
    };

    private static string Text(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}

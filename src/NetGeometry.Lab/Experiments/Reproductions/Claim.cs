using System.Globalization;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// One claim of a paper checked on measurements: its short name, the sentence, the measured value (with its
/// confidence interval where there is one), the expected relation, and whether it holds.
/// </summary>
/// <param name="Name">Short and stable, kebab-case, unique within its reproduction (e.g. "movement-slope"); the claim's
/// identifier is <see cref="FullName"/>.</param>
/// <param name="Expected">The relation the measured value should satisfy, short enough for a console column (e.g.
/// "in [-0.6, -0.4]", "> 0").</param>
/// <param name="Basis">Where the expectation comes from or what it is relative to (e.g. "theory: -1/2"), shown after
/// <paramref name="Expected"/> in the report and the JSON, left out on the console; null when there is nothing to add.</param>
public sealed record Claim(string Name, string Statement, double Measured, Interval? ConfidenceInterval, string Expected, bool Holds, string? Basis = null)
{
    /// <summary>Holds when the measured value lies in <paramref name="expected"/> (NaN never does).</summary>
    public static Claim InRange(string name, string statement, double measured, Interval expected, Interval? confidenceInterval, string theory) =>
        new(name, statement, measured, confidenceInterval, RangeText(expected), expected.Contains(measured), theory);

    /// <summary>"du2019/movement-slope": the claim's name prefixed by its reproduction's, unique across reproductions.</summary>
    public string FullName(string reproduction) => $"{reproduction}/{Name}";

    /// <summary>"in [-0.6, -0.4] (theory: -1/2)": the expected relation and its basis.</summary>
    public string ExpectedText => Basis is null ? Expected : $"{Expected} ({Basis})";

    /// <summary>"-0.512 (95% CI [-0.55, -0.47])".</summary>
    public string MeasuredText => FiniteInterval is { } ci ? $"{Text(Measured)} (95% CI [{Text(ci.Low)}, {Text(ci.High)}])" : Text(Measured);

    /// <summary>"-0.512 [-0.55, -0.47]": the measured value with its 95% confidence interval in brackets, for a console column.</summary>
    public string MeasuredBrief => FiniteInterval is { } ci ? $"{Text(Measured)} [{Text(ci.Low)}, {Text(ci.High)}]" : Text(Measured);

    /// <summary>The claim as one JSON object (what netgeo reproduce --json prints and claims.jsonl holds).</summary>
    public IReadOnlyDictionary<string, object?> JsonFields(string reproduction, Profile profile) => new Dictionary<string, object?>
    {
        ["reproduction"] = reproduction,
        ["profile"] = profile.ToString().ToLowerInvariant(),
        ["name"] = FullName(reproduction),
        ["claim"] = Statement,
        ["measured"] = Measured,
        ["ci95"] = FiniteInterval is { } ci ? new[] { ci.Low, ci.High } : null,
        ["expected"] = ExpectedText,
        ["holds"] = Holds,
    };

    private Interval? FiniteInterval => ConfidenceInterval is { } ci && double.IsFinite(ci.Low) ? ci : null;

    /// <summary>"in [a, b]", or "&gt;= a" / "&lt;= b" when the other end is infinite.</summary>
    private static string RangeText(Interval range) =>
        double.IsPositiveInfinity(range.High) ? $">= {Text(range.Low)}"
        : double.IsNegativeInfinity(range.Low) ? $"<= {Text(range.High)}"
        : $"in [{Text(range.Low)}, {Text(range.High)}]";

    /// <summary>A value as claims print it: three significant digits.</summary>
    public static string Text(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}

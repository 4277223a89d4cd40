using System.Globalization;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>What a verdict line is: a paper's statement the data could refute, or an identity or implementation invariant.</summary>
public enum ClaimKind
{
    /// <summary>A statement of the paper that the data could refute: counts in "k of n claims hold" and decides the exit status.</summary>
    Claim,

    /// <summary>An identity or implementation invariant (true by construction when the code is right): reported apart; one
    /// that fails is a defect, not a finding.</summary>
    Check,
}

/// <summary>
/// One verdict line of a reproduction, checked on measurements: its short name, the sentence, the measured value (with
/// its confidence interval where there is one), the expected relation, and whether it holds; whether it is a paper's
/// claim or a check (<see cref="Kind"/>), how many seeds it rests on (<see cref="Seeds"/>) and whether its threshold was
/// fixed after seeing data (<see cref="PostHoc"/>).
/// </summary>
/// <param name="Name">Short and stable, kebab-case, unique within its reproduction (e.g. "movement-slope"); the claim's
/// identifier is <see cref="FullName"/>.</param>
/// <param name="Expected">The relation the measured value should satisfy, short enough for a console column (e.g.
/// "in [-0.6, -0.4]", "> 0").</param>
/// <param name="Basis">Where the expectation comes from or what it is relative to (e.g. "theory: -1/2"), shown after
/// <paramref name="Expected"/> in the report and the JSON, left out on the console; null when there is nothing to add.</param>
public sealed record Claim(string Name, string Statement, double Measured, Interval? ConfidenceInterval, string Expected, bool Holds, string? Basis = null)
{
    /// <summary>A claim of the paper (the default) or a check (<see cref="AsCheck"/>).</summary>
    public ClaimKind Kind { get; init; } = ClaimKind.Claim;

    /// <summary>How many seeds the verdict rests on (0 until <see cref="OnSeeds"/> says; every reproduction says).</summary>
    public int Seeds { get; init; }

    /// <summary>True when the threshold or window the verdict uses was chosen after seeing data (shown with the expected relation).</summary>
    public bool PostHoc { get; init; }

    /// <summary>False when the data cannot decide the claim because what it measures is undefined on these runs (a rank
    /// correlation over fewer than 3 runs where the measure is finite, say): the line reads "not testable", and it is counted
    /// apart, neither among the claims that hold nor among those that do not, so it does not decide the exit status.</summary>
    public bool Testable { get; init; } = true;

    /// <summary>The same line as a check: an identity or implementation invariant, not counted among the claims.</summary>
    public Claim AsCheck() => this with { Kind = ClaimKind.Check };

    /// <summary>The same line, not testable on these runs (<see cref="Testable"/>); <paramref name="why"/> says why, from the
    /// data, and is added to the basis.</summary>
    public Claim NotTestable(string why) => this with { Testable = false, Holds = false, Basis = Basis is null ? $"not testable: {why}" : $"{Basis}; not testable: {why}" };

    /// <summary>The same line, resting on <paramref name="seeds"/> seeds.</summary>
    public Claim OnSeeds(int seeds) => this with { Seeds = seeds };

    /// <summary>The same line, its threshold marked as fixed after seeing data.</summary>
    public Claim FixedAfterData() => this with { PostHoc = true };

    /// <summary>True for a paper's claim, false for a check.</summary>
    public bool IsClaim => Kind == ClaimKind.Claim;

    /// <summary>A paper's claim the data can decide: what "k of n claims hold" and the exit status count.</summary>
    public bool IsTestedClaim => IsClaim && Testable;

    /// <summary>Holds when the measured value lies in <paramref name="expected"/> (NaN never does).</summary>
    public static Claim InRange(string name, string statement, double measured, Interval expected, Interval? confidenceInterval, string theory) =>
        new(name, statement, measured, confidenceInterval, RangeText(expected), expected.Contains(measured), theory);

    /// <summary>"du2019/movement-slope": the claim's name prefixed by its reproduction's, unique across reproductions.</summary>
    public string FullName(string reproduction) => $"{reproduction}/{Name}";

    /// <summary>"in [-0.6, -0.4] (theory: -1/2)": the expected relation and its basis, and "threshold fixed after seeing
    /// the data" when it was (<see cref="PostHoc"/>).</summary>
    public string ExpectedText => string.Join("; ", new[] { Basis, PostHoc ? PostHocText : null }.OfType<string>()) is { Length: > 0 } note
        ? $"{Expected} ({note})" : Expected;

    /// <summary>The expected relation as the console shows it: with " (post hoc)" when <see cref="PostHoc"/>.</summary>
    public string ExpectedBrief => PostHoc ? $"{Expected} (post hoc)" : Expected;

    /// <summary>What <see cref="ExpectedText"/> adds for a threshold fixed after seeing data.</summary>
    public const string PostHocText = "threshold fixed after seeing the data";

    /// <summary>"-0.512 (95% CI [-0.55, -0.47])".</summary>
    public string MeasuredText => FiniteInterval is { } ci ? $"{Text(Measured)} (95% CI [{Text(ci.Low)}, {Text(ci.High)}])" : Text(Measured);

    /// <summary>"-0.512 [-0.55, -0.47]": the measured value with its 95% confidence interval in brackets, for a console column.</summary>
    public string MeasuredBrief => FiniteInterval is { } ci ? $"{Text(Measured)} [{Text(ci.Low)}, {Text(ci.High)}]" : Text(Measured);

    /// <summary>The claim as one JSON object (what netgeo reproduce --json prints and claims.jsonl holds); "ci95" is
    /// left out when the claim has no finite interval, so that both writers give the same line.</summary>
    public IReadOnlyDictionary<string, object?> JsonFields(string reproduction, Profile profile)
    {
        var fields = new Dictionary<string, object?>
        {
            ["reproduction"] = reproduction,
            ["profile"] = profile.ToString().ToLowerInvariant(),
            ["name"] = FullName(reproduction),
            ["kind"] = Kind == ClaimKind.Claim ? "claim" : "check",
            ["claim"] = Statement,
            ["measured"] = Measured,
            ["expected"] = ExpectedText,
            ["holds"] = Holds,
            ["testable"] = Testable,
            ["seeds"] = Seeds,
            ["post_hoc"] = PostHoc,
        };
        if (FiniteInterval is { } ci) fields["ci95"] = new[] { ci.Low, ci.High };
        return fields;
    }

    private Interval? FiniteInterval => ConfidenceInterval is { } ci && double.IsFinite(ci.Low) ? ci : null;

    /// <summary>"in [a, b]", or "&gt;= a" / "&lt;= b" when the other end is infinite.</summary>
    private static string RangeText(Interval range) =>
        double.IsPositiveInfinity(range.High) ? $">= {Text(range.Low)}"
        : double.IsNegativeInfinity(range.Low) ? $"<= {Text(range.High)}"
        : $"in [{Text(range.Low)}, {Text(range.High)}]";

    /// <summary>A value as claims print it: three significant digits.</summary>
    public static string Text(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}

using NetGeometry.Experiments.Reports;
using NetGeometry.Experiments.Reproductions;

namespace NetGeometry.Cli;

/// <summary>
/// netgeo reproduce's verdicts on the console, fitted to <paramref name="width"/> columns: per reproduction a header
/// line, then one line per claim (short name, measured value with its 95% CI, expected relation, verdict: "holds",
/// "fails", or "not testable" where the data could not decide it) and, under a
/// line "checks", one per check (identities and implementation invariants: "passes" or "FAILED"), never wrapped: where
/// the width is short the CI is left out, then the texts end in an ellipsis; then one line per reproduction ("du2019:
/// 5 of 6 claims hold, 2 of 2 checks pass" and its report) and the index of the runs folder. Paths are printed whole,
/// even where longer than the width. The lines' sentences are in the reports and in --json.
/// </summary>
public sealed class VerdictSummary(int width)
{
    private const string Indent = "  ", Gap = "  ", Ellipsis = "…", Holds = "holds", Fails = "fails", Passes = "passes", CheckFails = "FAILED", Untestable = "not testable";

    /// <summary>The width of the console: the terminal's when stdout is one, else the COLUMNS variable, else 80.</summary>
    public static int ConsoleWidth() =>
        !Console.IsOutputRedirected && Console.WindowWidth > 0 ? Console.WindowWidth
        : int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns
        : 80;

    /// <summary>Prints every outcome's claims, then the summary lines and the runs folder's index.</summary>
    public void Print(IReadOnlyList<ReproductionOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
            foreach (var line in ClaimLines(outcome)) Console.Out.WriteLine(line);
        Console.Out.WriteLine();
        foreach (var outcome in outcomes) Console.Out.WriteLine(SummaryLine(outcome));
        foreach (var index in outcomes.Select(o => IndexPath(o.Directory)).Distinct()) Console.Out.WriteLine($"every run: {index}");
    }

    /// <summary>A reproduction's header line, then one line per claim, then the line "checks" and one line per check
    /// (all in the same columns).</summary>
    public IEnumerable<string> ClaimLines(ReproductionOutcome outcome)
    {
        yield return Fit($"{outcome.Reproduction.Name} ({outcome.Profile.ToString().ToLowerInvariant()} profile)");
        var lines = outcome.Claims;
        if (lines.Count == 0) yield break;
        int nameWidth = lines.Max(c => c.Name.Length);
        int measuredNatural = lines.Max(c => c.MeasuredBrief.Length), valueOnly = lines.Max(c => Claim.Text(c.Measured).Length);
        int expectedNatural = lines.Max(c => c.ExpectedBrief.Length);
        int verdictWidth = lines.Any(c => !c.Testable) ? Untestable.Length : Passes.Length;
        int room = width - Indent.Length - nameWidth - 3 * Gap.Length - verdictWidth;
        int measuredWidth = Math.Clamp(room - expectedNatural, valueOnly, measuredNatural);
        int expectedWidth = Math.Clamp(room - measuredWidth, 1, expectedNatural);
        string Line(Claim c, string verdict) =>
            Fit(Indent + c.Name.PadRight(nameWidth) + Gap + MeasuredCell(c, measuredWidth) + Gap + Cell(c.ExpectedBrief, expectedWidth) + Gap + verdict);
        foreach (var claim in outcome.PaperClaims)
            yield return !claim.Testable ? Line(claim, Untestable) : claim.Holds ? Line(claim, Holds) : Highlight(Line(claim, Fails));
        if (outcome.Checks.Count == 0) yield break;
        yield return Fit(Indent + "checks (identities and implementation invariants, not counted among the claims)");
        foreach (var check in outcome.Checks)
            yield return check.Holds ? Line(check, Passes) : Highlight(Line(check, CheckFails));
    }

    /// <summary>"du2019: 5 of 6 claims hold, 2 of 2 checks pass (runs/du2019-quick/report.html)".</summary>
    public static string SummaryLine(ReproductionOutcome outcome) =>
        $"{outcome.Reproduction.Name}: {ReproductionReportPage.Tally(outcome.Claims)} ({Shown(Path.Combine(outcome.Directory, ReportFiles.ReportFile))})";

    /// <summary>"du2019: check failed: du2019/gram-identity (measured 0.3, expected &lt;= 1e-10): a defect, see the report": stderr's line for a failed check.</summary>
    public static string CheckFailedLine(ReproductionOutcome outcome, Claim check) =>
        $"{outcome.Reproduction.Name}: check failed: {check.FullName(outcome.Reproduction.Name)} (measured {check.MeasuredBrief}, expected {check.Expected}): " +
        $"a defect, not a finding ({Shown(Path.Combine(outcome.Directory, ReportFiles.ReportFile))})";

    /// <summary>"geometrization: error: ...": the summary line of a reproduction that ended with an error instead of verdicts.</summary>
    public static string ErrorLine(string reproduction, string error) => $"{reproduction}: error: {error}";

    /// <summary>The measured value with its CI where that fits in <paramref name="columns"/>, else the value alone.</summary>
    private static string MeasuredCell(Claim claim, int columns) =>
        Cell(claim.MeasuredBrief.Length <= columns ? claim.MeasuredBrief : Claim.Text(claim.Measured), columns);

    /// <summary>The text padded or cut (ending in an ellipsis) to exactly <paramref name="columns"/> characters.</summary>
    private static string Cell(string text, int columns) =>
        text.Length <= columns ? text.PadRight(columns) : text[..(columns - Ellipsis.Length)] + Ellipsis;

    /// <summary>The line, cut to the width with an ellipsis if longer; trailing blanks dropped.</summary>
    private string Fit(string line)
    {
        line = line.TrimEnd();
        return line.Length <= width ? line : Cell(line, width);
    }

    /// <summary>The index page of the runs folder the reproduction's folder sits in.</summary>
    private static string IndexPath(string directory) => Shown(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(directory))!, ReportFiles.IndexFile));

    /// <summary>The path relative to the current directory when it lies under it, else whole.</summary>
    private static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

    /// <summary>A claim that does not hold in bold red on a terminal (not when piped, nor with NO_COLOR set).</summary>
    private static string Highlight(string line) =>
        Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 } ? line : $"\e[1;31m{line}\e[0m";
}

using System.Text.Json;
using NetGeometry.Engine;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Reporting;

namespace NetGeometry.Experiments.Reports;

/// <summary>
/// The report of a reproduction's folder: the verdict table, what was run against the paper's scale, the
/// reproduction's figures (also written as figures/*.png, .svg and .csv), the cells and the spec. The claims are
/// computed anew from the sweep's store each time, and written to claims.jsonl, one JSON object per line.
/// </summary>
internal static class ReproductionReportPage
{
    public const string MarkerFile = "reproduction.json";
    public const string ClaimsFile = "claims.jsonl";

    private static readonly JsonSerializerOptions LineOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The marker a reproduction's folder holds: which reproduction, which profile.</summary>
    public sealed record Marker(string Reproduction, Profile Profile);

    public static void WriteMarker(string folder, IReproduction reproduction, Profile profile) =>
        AtomicFile.WriteAllText(Path.Combine(folder, MarkerFile), JsonSerializer.Serialize(new Marker(reproduction.Name, profile), RunSpec.Json));

    public static Marker? ReadMarker(string folder)
    {
        var path = Path.Combine(folder, MarkerFile);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<Marker>(File.ReadAllText(path), new JsonSerializerOptions(RunSpec.Json) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
        }
        catch (JsonException)
        {
            throw new InputException($"{path} is not a reproduction marker; run the reproduction again to rewrite it.");
        }
    }

    public static IReadOnlyList<Claim> Write(string folder, IReproduction reproduction, Profile profile)
    {
        var results = SweepResults.Load(folder);
        var analysis = reproduction.Analyze(results);
        AtomicFile.WriteText(Path.Combine(folder, ClaimsFile), writer =>
        {
            foreach (var claim in analysis.Claims) writer.Write(JsonSerializer.Serialize(claim.JsonFields(reproduction.Name, profile), LineOptions) + "\n");
        });
        var plan = reproduction.Plan(profile);
        var claims = analysis.Claims.Where(c => c.IsClaim).ToList();
        var checks = analysis.Claims.Where(c => !c.IsClaim).ToList();
        var verdict = new VerdictSection("Verdict: the paper's claims", Rows(claims, reproduction), "verdict", "claim", "holds", "does not hold");
        var checking = new VerdictSection("Checks: identities and implementation invariants (not counted among the claims)", Rows(checks, reproduction),
            "checks", "check", "passes", "FAILED: a defect");
        var context = new TextSection("What was run",
        [
            $"Paper: {reproduction.Paper}.",
            plan.Scale,
            $"{results.Cells.Count} of {results.Cells.Count + results.Missing} cells finished, {results.Completed.Count()} completed (the rest diverged or are missing).",
            $"The folder held {FolderSize.Text(FolderSize.Bytes(folder))} when this report was written; each cell keeps the checkpoints the analysis " +
            $"reads back ({plan.Checkpoints.Description}) unless run with --keep all.",
        ]);
        var figures = analysis.Figures.Select(f => ReportFiles.WriteFigure(folder, f)).ToList();
        ReportFiles.WriteReport(folder, new ReportDocument($"Reproduction {reproduction.Name} ({profile.ToString().ToLowerInvariant()})",
            $"{reproduction.Description} {Tally(analysis.Claims)}.",
            [verdict, checking, context, new FigureSection("Figures", figures), SweepReportPage.CellsTable(results), ReportFiles.Spec(results.Spec.ToJson())]));
        return analysis.Claims;
    }

    /// <summary>"5 of 6 claims hold, 2 not testable, 2 of 2 checks pass": the claims the data decide and how many hold,
    /// the claims not testable on these runs (only when there are some), the checks (only when there are some).</summary>
    public static string Tally(IReadOnlyList<Claim> lines)
    {
        int claims = lines.Count(c => c.IsTestedClaim), untestable = lines.Count(c => c.IsClaim && !c.Testable), checks = lines.Count(c => !c.IsClaim);
        var text = $"{lines.Count(c => c.IsTestedClaim && c.Holds)} of {claims} claims hold";
        if (untestable > 0) text += $", {untestable} not testable";
        return checks == 0 ? text : $"{text}, {lines.Count(c => !c.IsClaim && c.Holds)} of {checks} checks pass";
    }

    private static List<VerdictRow> Rows(IEnumerable<Claim> lines, IReproduction reproduction) =>
        lines.Select(c => new VerdictRow(c.FullName(reproduction.Name), c.Statement, c.MeasuredText, c.ExpectedText, c.Seeds, c.Holds, c.Testable)).ToList();
}

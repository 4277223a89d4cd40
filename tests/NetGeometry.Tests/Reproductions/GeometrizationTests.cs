using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MathNet.Numerics.Distributions;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using MathNet.Numerics.Statistics;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// The machinery of the geometrization reproduction on a real quick run, not the science: the run ends with exit 0 or
/// 3 whatever the verdicts, its check passes, every line says its kind and seeds, the p-values and their Holm
/// adjustment agree with an independent computation, and doctored results flip a within-family claim.
/// </summary>
[Collection(GeometrizationQuickCollection.Name)]
public sealed partial class GeometrizationTests(GeometrizationQuickRun run)
{
    private List<JsonElement> Lines() => run.Result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static bool IsClaim(JsonElement line) => line.GetProperty("kind").GetString() == "claim";

    private static string Text(JsonElement line, string field) => line.GetProperty(field).GetString()!;

    /// <summary>The measured value; an undefined one (a correlation over fewer than two runs) is written "NaN".</summary>
    private static double Measured(JsonElement line)
    {
        var measured = line.GetProperty("measured");
        return measured.ValueKind == JsonValueKind.Number ? measured.GetDouble() : double.Parse(measured.GetString()!, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void ItEndsWithExitZeroOrThreeItsCheckPassesAndEveryLineSaysItsKindAndSeeds()
    {
        Assert.False(run.Result.Stderr.Contains("Exception", StringComparison.Ordinal), run.Diagnostics);
        Assert.True(run.Result.ExitCode is 0 or 3, run.Diagnostics);
        var lines = Lines();
        Assert.Equal(GeometrizationAnalysisTests.Lines, lines.Count);
        Assert.All(lines, l => Assert.Equal(1, l.GetProperty("seeds").GetInt32()));
        var checks = lines.Where(l => !IsClaim(l)).ToList();
        Assert.Equal("geometrization/straightness-at-most-one", Text(Assert.Single(checks), "name"));
        Assert.All(checks, c => Assert.True(c.GetProperty("holds").GetBoolean(), c.ToString()));
        var tested = lines.Where(IsClaim).Where(c => c.GetProperty("testable").GetBoolean()).ToList();
        bool all = tested.Count > 0 && tested.All(c => c.GetProperty("holds").GetBoolean());
        Assert.Equal(all ? 0 : 3, run.Result.ExitCode);
    }

    /// <summary>Recomputes each Spearman claim's raw p-value from its rho and count (t approximation, n - 2 degrees of
    /// freedom), and the Holm adjustment over the family from the printed raw p-values, then the verdict.</summary>
    [Fact]
    public void TheHolmAdjustedPValuesAndTheVerdictsAgreeWithAnIndependentComputation()
    {
        var claims = Lines().Where(IsClaim).ToList();
        var raw = claims.Select(c => Number(RawP(), Text(c, "expected"))).ToList();
        var finite = raw.Where(double.IsFinite).Order().ToList();
        foreach (var (claim, p) in claims.Zip(raw))
        {
            string expected = Text(claim, "expected");
            double rho = Measured(claim);
            if (OverCount().Match(Text(claim, "claim")) is { Success: true } over && double.IsFinite(rho))
            {
                int n = int.Parse(over.Groups[1].Value, CultureInfo.InvariantCulture);
                double t = Math.Abs(rho) * Math.Sqrt((n - 2) / (1 - rho * rho));
                Assert.Equal(2 * StudentT.CDF(0, 1, n - 2, -t), p, 3);
            }
            // Holm: adjusted p of the i-th smallest = max over j <= i of (m - j + 1) p_(j), at most 1.
            double holm = double.NaN;
            if (double.IsFinite(p))
                holm = Math.Min(1, Enumerable.Range(0, finite.IndexOf(finite.Last(q => q <= p)) + 1).Max(j => (finite.Count - j) * finite[j]));
            Assert.Equal(holm, Number(HolmP(), expected), 2);
            Assert.Contains($"over {finite.Count} claims", expected);
            int sign = expected.StartsWith("> 0") ? 1 : -1;
            Assert.Equal(sign * rho > 0 && holm < 0.05, claim.GetProperty("holds").GetBoolean());
            // A line whose test could not be made is "not testable", and only then.
            Assert.Equal(double.IsFinite(p), claim.GetProperty("testable").GetBoolean());
        }
    }

    [Fact]
    public void AWithinFamilyCorrelationIsTheSpearmanCorrelationOfTheStoredMetrics()
    {
        var results = SweepResults.Load(run.Directory);
        var mlps = results.Completed.Where(c => c.Cell.Spec.Data.Source == "sphere" && c.Cell.Spec.Network.Model == "mlp" && c.Cell.Spec.Network.Opt is null).ToList();
        double rho = Correlation.Spearman(mlps.Select(c => (double)c.Cell.Spec.Network.Widths[0]), mlps.Select(c => c.Final("straightness")));
        var claim = Assert.Single(Lines(), l => Text(l, "name") == "geometrization/sphere-mlp-straightness-width");
        Assert.Equal(rho, claim.GetProperty("measured").GetDouble(), 12);
        Assert.Contains($"Spearman over {mlps.Count};", Text(claim, "claim"));
        Assert.Contains("pooled over the three families, not a verdict", Text(claim, "claim"));
    }

    /// <summary>Straightness doctored to rise with width makes the claim hold, to fall with width makes it fail: the
    /// verdict follows the data (only the Fashion-MNIST MLPs kept, so that the analysis stays quick).</summary>
    [Fact]
    public void DoctoredStraightnessFlipsAWithinFamilyClaim()
    {
        var mlps = SweepResults.Load(run.Directory).OnlyCells(c => c.Cell.Spec.Data.Source == "fashion-mnist" && c.Cell.Spec.Network.Model == "mlp" && c.Cell.Spec.Network.Opt is null);
        static double Width(CellResult c) => c.Cell.Spec.Network.Widths[0];
        bool Holds(SweepResults doctored) => new Geometrization().Analyze(doctored).Claims.Single(c => c.Name == "fmnist-mlp-straightness-width").Holds;
        Assert.True(Holds(mlps.WithMetric("straightness", (c, _) => Width(c) / 1000)));
        Assert.False(Holds(mlps.WithMetric("straightness", (c, _) => 1 / Width(c))));
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReports()
    {
        Assert.Equal(new Geometrization().Plan(Profile.Quick).Sweep.Cells().Count, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        Assert.Equal(run.Result.StdoutLines, File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")));
        foreach (var figure in new[] { "gap-vs-function-space-length", "gap-vs-rkhs-norm", "straightness-vs-width", "lambda-min-vs-width", "damage-vs-movement", "geodesic-ratio-vs-depth", "comparison-measures",
                     "landscape-mlp", "landscape-resmlp", "landscape-optmlp" })
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        var report = File.ReadAllText(Path.Combine(run.Directory, "report.html"));
        foreach (var family in Geometrization.Families)
            Assert.Contains($"PCA loss landscape and training path of a representative cell, {family.Text}", report);
    }

    /// <summary>Each family's representative cell kept its 5 scheduled checkpoints, and its PCA plane (Li et al. 2018,
    /// sec. 7) is one of the trajectory around the final weights: the projected path ends at the origin, the two
    /// explained-variance shares lie in [0, 1] and sum to at most 1, the grid's loss is finite, and the caption quotes them.</summary>
    [Fact]
    public void EachFamilysRepresentativeCellsPathEndsAtTheOriginOfItsPcaLandscape()
    {
        var landscapes = GeometrizationLandscape.Of(SweepResults.Load(run.Directory));
        Assert.Equal(Geometrization.Families.Select(f => f.Model), landscapes.Select(l => l.Family));
        foreach (var landscape in landscapes)
        {
            var path = landscape.Drawing.Path!;
            Assert.Equal([0L, 3, 16, 71, 300], path.Select(p => p.Step));
            Assert.Equal(0, path[^1].A, 12);
            Assert.Equal(0, path[^1].B, 12);
            Assert.True(path.Take(path.Count - 1).Any(p => Math.Abs(p.A) > 0), "the path moves");
            Assert.All(landscape.ExplainedVariance, v => Assert.InRange(v, 0, 1));
            Assert.InRange(landscape.ExplainedVariance.Sum(), 0, 1 + 1e-12);
            Assert.True(landscape.ExplainedVariance[0] >= landscape.ExplainedVariance[1]);
            Assert.Equal([GeometrizationLandscape.Grid, GeometrizationLandscape.Grid], new[] { landscape.Drawing.Points.GetLength(0), landscape.Drawing.Points.GetLength(1) });
            Assert.All(landscape.Drawing.Points.Cast<NetGeometry.Landscapes.LandscapePoint>(), p => Assert.True(double.IsFinite(p.Loss)));
            var figure = GeometrizationFigures.Landscape(landscape);
            Assert.Same(landscape.Drawing, figure.Contour);
            Assert.Contains($"explain {Claim.Text(landscape.ExplainedVariance[0])} and {Claim.Text(landscape.ExplainedVariance[1])}", figure.Caption);
        }
    }

    private static double Number(Regex pattern, string text) =>
        double.Parse(pattern.Match(text).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Spearman over (\d+)[;)]")]
    private static partial Regex OverCount();

    [GeneratedRegex(@"raw p = ([^)]+)\)")]
    private static partial Regex RawP();

    [GeneratedRegex(@"Holm-adjusted p = (\S+) over")]
    private static partial Regex HolmP();
}

public class GeometrizationAnalysisTests
{
    /// <summary>Per source, 3 families x 4 claims and 2 geodesic-gap claims; 2 geodesic-approach claims; 1 check.</summary>
    public const int Lines = 2 * (3 * 4 + 2) + 2 + 1;

    [Fact]
    public void ASweepWithNoFinishedCellGivesEveryLineAsNotHoldingRatherThanACrash()
    {
        var reproduction = new Geometrization();
        var spec = reproduction.Plan(Profile.Quick).Sweep;
        var analysis = reproduction.Analyze(new SweepResults(Path.GetTempPath(), spec, [], spec.Cells().Count));
        Assert.Equal(Lines, analysis.Claims.Count);
        Assert.All(analysis.Claims, c => Assert.False(c.Holds));
        Assert.All(analysis.Claims, c => Assert.True(double.IsNaN(c.Measured)));
        Assert.All(analysis.Claims, c => Assert.Equal(1, c.Seeds));
        Assert.Single(analysis.Claims, c => !c.IsClaim);
        Assert.All(analysis.Claims.Where(c => c.IsClaim), c => Assert.False(c.Testable));
        Assert.All(analysis.Claims.Where(c => c.IsClaim), c => Assert.Contains("not testable: ", c.ExpectedText));
    }

    /// <summary>A test that could not be made (NaN p-value: the measure finite in 2 runs) gives a claim "not testable",
    /// said why, counted apart in the tally and deciding nothing: beside one claim that holds, the claims hold; alone, not.</summary>
    [Fact]
    public void AClaimWhoseTestCouldNotBeMadeIsNotTestableAndDecidesNothing()
    {
        var reproduction = new Geometrization();
        var claim = new GeometrizationTest("x", "x", double.NaN, null, +1, double.NaN, "why", "both measures are finite in 2 of 8")
            .ToClaim(double.NaN, 10, 1);
        Assert.False(claim.Testable);
        Assert.False(claim.IsTestedClaim);
        Assert.EndsWith("; not testable: both measures are finite in 2 of 8)", claim.ExpectedText);
        var outcome = new ReproductionOutcome(reproduction, Profile.Quick, Path.GetTempPath(),
            [claim, new Claim("y", "y", 1, null, "> 0", true)], null, 0);
        Assert.True(outcome.ClaimsHold);
        Assert.Equal("1 of 1 claims hold, 1 not testable", NetGeometry.Experiments.Reports.ReproductionReportPage.Tally(outcome.Claims));
        var onlyUntestable = outcome with { Claims = [claim] };
        Assert.False(onlyUntestable.ClaimsHold);
    }

    /// <summary>Each profile has one representative cell per family (its PCA landscape), the rule's: Fashion-MNIST, the
    /// family's widest width, shallowest network and first seed, label noise 0.</summary>
    [Theory]
    [InlineData(Profile.Quick)]
    [InlineData(Profile.Full)]
    public void EachProfileHasOneRepresentativeCellPerFamily(Profile profile)
    {
        var cells = new Geometrization().Plan(profile).Sweep.Cells().Select(c => c.Spec).ToList();
        var representative = cells.Where(GeometrizationLandscape.IsRepresentative).ToList();
        Assert.Equal(Geometrization.Families.Select(f => f.Model), representative.Select(s => GeometrizationCell.Family(s.Network)));
        foreach (var spec in representative)
        {
            var family = cells.Where(c => GeometrizationCell.Family(c.Network) == GeometrizationCell.Family(spec.Network)).ToList();
            Assert.Equal("fashion-mnist", spec.Data.Source);
            Assert.Equal(family.Max(c => c.Network.Widths[0]), spec.Network.Widths[0]);
            Assert.Equal(family.Min(c => c.Network.Depth), spec.Network.Depth);
            Assert.Equal(family.Min(c => c.Seed), spec.Seed);
            Assert.Equal(0, spec.Data.LabelNoise);
        }
    }

    [Fact]
    public void TheFullProfileRunsThreeSeeds()
    {
        var seeds = new Geometrization().Plan(Profile.Full).Sweep.Cells().Select(c => c.Spec.Seed).Distinct().Count();
        Assert.Equal(3, seeds);
    }

    [Fact]
    public void HolmAdjustsTheSortedPValuesStepDownAndLeavesAnUntestedLineOut()
    {
        // m = 3: 3 x 0.01 = 0.03; 2 x 0.03 = 0.06; 1 x 0.04, raised to the running maximum 0.06.
        var adjusted = HolmCorrection.Adjust([0.01, 0.04, 0.03, double.NaN]);
        Assert.Equal([0.03, 0.06, 0.06], adjusted.Take(3).Select(p => Math.Round(p, 12)));
        Assert.True(double.IsNaN(adjusted[3]));
    }

    [Fact]
    public void SpearmansPValueIsTheTApproximations()
    {
        // rho = 0.5 over 10 pairs: t = 0.5 sqrt(8 / 0.75) = 1.633, two-sided p = 0.1411 at 8 degrees of freedom (scipy.stats.spearmanr).
        Assert.Equal(0.1411, SpearmanTest.PValue(0.5, 10), 4);
        Assert.Equal(0, SpearmanTest.PValue(-1, 5));
        Assert.True(double.IsNaN(SpearmanTest.PValue(0.3, 2)));
    }
}

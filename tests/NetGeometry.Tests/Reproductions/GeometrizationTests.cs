using System.Text.Json;
using System.Text.RegularExpressions;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using MathNet.Numerics.Statistics;

namespace NetGeometry.Tests.Reproductions;

[Collection(GeometrizationQuickCollection.Name)]
public sealed partial class GeometrizationTests(GeometrizationQuickRun run)
{
    private const int ClaimsPerSource = 7 + 2 + 3, GeodesicClaims = 2 * 3;

    private List<JsonElement> Claims() => run.Result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static int Over(JsonElement claim) => int.Parse(OverCount().Match(claim.GetProperty("claim").GetString()!).Groups[1].Value);

    [Fact]
    public void EveryClaimLineIsPrintedWithItsStatisticsAndTheExitCodeFollowsTheVerdicts()
    {
        Assert.False(run.Result.Stderr.Contains("Exception", StringComparison.Ordinal), run.Diagnostics);
        var claims = Claims();
        Assert.Equal(Geometrization.Sources.Length * ClaimsPerSource + GeodesicClaims, claims.Count);
        foreach (var claim in claims)
        {
            Assert.Equal("geometrization", claim.GetProperty("reproduction").GetString());
            var ci = claim.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double measured = claim.GetProperty("measured").GetDouble();
            Assert.True(ci[0] <= ci[1] && double.IsFinite(measured), claim.ToString());
            var expected = claim.GetProperty("expected").GetString()!;
            // The verdict is the interval's side of zero, as the expected text says.
            bool holds = expected.StartsWith("CI > 0") ? ci[0] > 0 : ci[1] < 0;
            Assert.Equal(holds, claim.GetProperty("holds").GetBoolean());
        }
        bool all = claims.All(c => c.GetProperty("holds").GetBoolean());
        Assert.Equal(all ? 0 : 3, run.Result.ExitCode);
    }

    [Fact]
    public void EachCorrelationRestsOnTheRunsAndLayersTheSweepHas()
    {
        var cells = new Geometrization().Plan(Profile.Quick).Sweep.Cells().Select(c => c.Spec).ToList();
        var claims = Claims();
        foreach (var source in Geometrization.Sources)
        {
            var runs = cells.Where(s => s.Data.Source == source).ToList();
            // An MLP of depth d has d weight layers; a residual MLP of d blocks has d + 2 (input, blocks, output).
            int layers = runs.Sum(s => s.Network.Model == "mlp" ? s.Network.Depth!.Value : s.Network.Depth!.Value + 2);
            var mine = claims.Where(c => c.GetProperty("claim").GetString()!.StartsWith(source + ":")).ToList();
            Assert.Equal(ClaimsPerSource, mine.Count);
            Assert.Equal(runs.Count, Over(Single(mine, "function-space length")));
            Assert.Equal(runs.Count, Over(Single(mine, "NTK RKHS norm")));
            Assert.Equal(runs.Count, Over(Single(mine, "straightness")));
            // Only plain MLPs in NTK parameterization have a closed-form limit kernel, H-inf (not residual or OPT ones).
            Assert.Equal(runs.Count(s => s.Network.Model == "mlp" && s.Network.Opt is null), Over(Single(mine, "data-dependent complexity")));
            Assert.Equal(layers, Over(Single(mine, "relative movement")));
            Assert.Equal(layers, Over(Single(mine, "Fisher block trace")));
        }
        // The families whose layers are group elements: residual MLPs and orthogonal (OPT) MLPs.
        Assert.Equal(cells.Count(s => s.Network.Model == "residual-mlp"), Over(Single(claims, "residual MLPs: the geodesic ratio")));
        Assert.Equal(cells.Count(s => s.Network.Opt is not null), Over(Single(claims, "orthogonal MLPs: the geodesic ratio")));
    }

    [Fact]
    public void TheFunctionSpaceClaimIsTheSpearmanCorrelationOfTheStoredMetrics()
    {
        var results = SweepResults.Load(run.Directory);
        var claims = Claims();
        foreach (var source in Geometrization.Sources)
        {
            var cells = results.Completed.Where(c => c.Cell.Spec.Data.Source == source).ToList();
            double rho = Correlation.Spearman(cells.Select(c => c.Final("function_space_length")).ToList(),
                cells.Select(c => c.Final("test_loss") - c.Final("train_loss")).ToList());
            var claim = Single(claims.Where(c => c.GetProperty("claim").GetString()!.StartsWith(source + ":")).ToList(), "function-space length");
            Assert.Equal(rho, claim.GetProperty("measured").GetDouble(), 12);
            // Every run starts its path and its learned change at zero.
            foreach (var c in cells)
            {
                Assert.Equal(0, c.Series("rkhs_norm")[0].Value, 9);
                Assert.InRange(c.Final("straightness"), 0, 1 + 1e-12);
            }
        }
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReports()
    {
        Assert.Equal(new Geometrization().Plan(Profile.Quick).Sweep.Cells().Count, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        Assert.Equal(run.Result.StdoutLines, File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")));
        foreach (var figure in new[] { "gap-vs-function-space-length", "gap-vs-rkhs-norm", "straightness-vs-width", "lambda-min-vs-width", "damage-vs-movement", "geodesic-ratio-vs-depth" })
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        Assert.True(File.Exists(Path.Combine(run.Directory, "report.html")));
    }

    private static JsonElement Single(IReadOnlyList<JsonElement> claims, string words) =>
        Assert.Single(claims, c => c.GetProperty("claim").GetString()!.Contains(words));

    [GeneratedRegex(@"Spearman over (\d+)\)")]
    private static partial Regex OverCount();
}

public class GeometrizationAnalysisTests
{
    [Fact]
    public void ASweepWithNoFinishedCellGivesEveryClaimLineAsNotHoldingRatherThanACrash()
    {
        var reproduction = new Geometrization();
        var spec = reproduction.Plan(Profile.Quick).Sweep;
        var analysis = reproduction.Analyze(new SweepResults(Path.GetTempPath(), spec, [], spec.Cells().Count));
        Assert.Equal(Geometrization.Sources.Length * 12 + 2 * 3, analysis.Claims.Count);
        Assert.All(analysis.Claims, c => Assert.False(c.Holds));
        Assert.All(analysis.Claims, c => Assert.True(double.IsNaN(c.Measured)));
    }
}

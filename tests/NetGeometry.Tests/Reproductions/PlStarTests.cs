using System.Globalization;
using System.Text.Json;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// The machinery of pl-star on one real quick run: its verdicts are computed from the data (an independent
/// recomputation agrees, doctored results flip them), its checks pass and every line says its kind and seeds. No test
/// requires the paper's claims to hold: a true negative result exits 3 and passes here.
/// </summary>
[Collection(PlStarQuickCollection.Name)]
public sealed class PlStarTests(PlStarQuickRun run)
{
    private static readonly string[] ClaimNames =
        ["conditioning-kept", "rate-vs-pl-star", "kernel-change-slope", "narrow-fail-wide-hold", "linear-output-hessian-slope", "softplus-output-hessian-slope"];

    private IReadOnlyList<JsonElement> Lines()
    {
        Assert.True(run.Result.ExitCode is 0 or 3, run.Diagnostics);
        return run.Result.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
    }

    private static string Short(JsonElement line) => line.GetProperty("name").GetString()!["pl-star/".Length..];

    [Fact]
    public void ItExitsZeroOrThreeItsCheckPassesAndEveryLineSaysItsKindAndSeeds()
    {
        var lines = Lines();
        Assert.Equal([.. ClaimNames, "pl-star-identity"], lines.Select(Short));
        Assert.All(lines, l => Assert.Equal("pl-star", l.GetProperty("reproduction").GetString()));
        Assert.All(lines, l => Assert.Equal(PlStar.QuickSeeds, l.GetProperty("seeds").GetInt32()));
        Assert.All(lines.Take(ClaimNames.Length), l => Assert.Equal("claim", l.GetProperty("kind").GetString()));
        var check = lines[^1];
        Assert.Equal("check", check.GetProperty("kind").GetString());
        Assert.True(check.GetProperty("holds").GetBoolean(), check.GetProperty("claim").GetString());
        // Exit 0 exactly when every claim holds.
        Assert.Equal(lines.Take(ClaimNames.Length).All(l => l.GetProperty("holds").GetBoolean()), run.Result.ExitCode == 0);
        // Claims on several seeds carry their across-seed interval, around the mean.
        foreach (var line in lines.Take(ClaimNames.Length))
        {
            var ci = line.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double measured = line.GetProperty("measured").GetDouble();
            Assert.True(ci[0] <= measured && measured <= ci[1], $"{Short(line)}: {measured} inside [{ci[0]}, {ci[1]}]");
        }
    }

    [Fact]
    public void ConditioningKeptAgreesWithARecomputationFromTheCellsMetricsFiles()
    {
        var kept = Lines().Single(l => Short(l) == "conditioning-kept");
        // Each cell's metrics.csv (step,name,layer,value), read without the library: the widest linear-output cells, per seed the
        // worst min_t lambda_min(K(w_t)) / lambda_min(K(w_0)) over the hidden activations, then the mean over seeds.
        int widest = PlStar.QuickWidths.Max();
        var perSeed = Directory.GetDirectories(Path.Combine(run.Directory, "cells"))
            .Where(d => Path.GetFileName(d).Contains($"outputActivation-identity_widths-{widest}_"))
            .Select(d => (Seed: Path.GetFileName(d).Split("_seed-")[1].Split('-')[0], Path: Path.Combine(d, "metrics.csv")))
            .GroupBy(c => c.Seed)
            .Select(g => g.Min(c => LambdaMinKept(c.Path))).ToList();
        Assert.Equal(PlStar.QuickSeeds, perSeed.Count);
        Assert.Equal(perSeed.Average(), kept.GetProperty("measured").GetDouble(), 1e-9);
    }

    private static double LambdaMinKept(string metricsCsv)
    {
        var path = File.ReadLines(metricsCsv).Skip(1).Select(l => l.Split(',')).Where(f => f[1] == "ntk_lambda_min")
            .Select(f => (Step: long.Parse(f[0], CultureInfo.InvariantCulture), Value: double.Parse(f[3], CultureInfo.InvariantCulture)))
            .OrderBy(p => p.Step).ToList();
        return path.Min(p => p.Value) / path[0].Value;
    }

    [Fact]
    public void TheStoredResultsGiveThePrintedVerdictsAndDoctoredOnesFlipTheRateAndNarrowVersusWideClaims()
    {
        var printed = Lines().ToDictionary(Short, l => l.GetProperty("holds").GetBoolean());
        var results = SweepResults.Load(run.Directory);
        var analysis = new PlStar().Analyze(results);
        Assert.Equal(printed, analysis.Claims.ToDictionary(c => c.Name, c => c.Holds));

        // A loss that stops falling (every per-step loss ratio 1) misses the PL* rate.
        var stalled = new PlStar().Analyze(results.WithMetric("loss_ratio", (_, _) => 1.0)).Claims.Single(c => c.Name == "rate-vs-pl-star");
        Assert.False(stalled.Holds);
        Assert.Equal(0, stalled.Measured, 12);

        // Every net, narrow or wide, given the same well-conditioned kernel and a fast-falling loss: the narrow nets that did not
        // diverge then meet the conditions the wide ones meet, and the claim that the narrow nets fail them does not hold.
        var alike = results.WithMetric("ntk_lambda_min", (_, _) => 1.0).WithMetric("ntk_lambda_max", (_, _) => 2.0).WithMetric("loss_ratio", (_, _) => 0.5);
        var contrast = new PlStar().Analyze(alike).Claims.Single(c => c.Name == "narrow-fail-wide-hold");
        Assert.False(contrast.Holds);
        Assert.True(contrast.Measured < 1, $"{contrast.Measured}");
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReport()
    {
        var lines = Lines();
        Assert.Equal(new PlStar().Plan(Profile.Quick).Sweep.Cells().Count, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        // The same lines as printed; claims.jsonl is rewritten by a second analysis (the index refresh), whose fits may sum the same
        // points in another order, so values are compared to 10 significant digits.
        static string[] Fields(IEnumerable<JsonElement> claims) => claims.Select(c =>
            $"{c.GetProperty("claim").GetString()} = {c.GetProperty("measured").GetDouble().ToString("G10", CultureInfo.InvariantCulture)}").ToArray();
        var written = File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")).Select(l => JsonDocument.Parse(l).RootElement);
        Assert.Equal(Fields(lines), Fields(written));
        foreach (var figure in new[] { "lambda-min-vs-step", "loss-vs-step", "pl-ratio", "output-hessian-vs-width", "kernel-change-vs-width" })
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        Assert.True(File.Exists(Path.Combine(run.Directory, "report.html")));
    }
}

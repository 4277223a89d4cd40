using System.Text.Json;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Tests.Reproductions;

[Collection(LazyTrainingQuickCollection.Name)]
public sealed class LazyTrainingTests(LazyTrainingQuickRun run)
{
    [Fact]
    public void TheCommandExitsZeroOrThreeAndItsOneLineIsAClaimOnEverySeed()
    {
        // A slope outside the expected range is a finding (exit 3), not a failure of the build.
        Assert.True(run.Result.ExitCode is 0 or 3, run.Diagnostics);
        var line = Assert.Single(run.Result.StdoutLines);
        using var json = JsonDocument.Parse(line);
        var claim = json.RootElement;
        Assert.Equal("lazy-training", claim.GetProperty("reproduction").GetString());
        Assert.Equal("lazy-training/relative-distance-slope", claim.GetProperty("name").GetString());
        Assert.Equal("claim", claim.GetProperty("kind").GetString());
        Assert.Equal(LazyTraining.Seeds.Length, claim.GetProperty("seeds").GetInt32());
        Assert.False(claim.GetProperty("post_hoc").GetBoolean());
        Assert.Contains("relative distance", claim.GetProperty("claim").GetString());
        Assert.Equal("in [-0.65, -0.35] (theory: -1/2)", claim.GetProperty("expected").GetString());
        var slope = claim.GetProperty("measured").GetDouble();
        Assert.Equal(run.Result.ExitCode == 0, claim.GetProperty("holds").GetBoolean());
        Assert.Equal(LazyTraining.ExpectedSlope.Contains(slope), claim.GetProperty("holds").GetBoolean());
    }

    [Fact]
    public void TheSlopeIsTheMeanOfEachSeedsLogLogSlopeWithItsTIntervalOverSeeds()
    {
        // Recomputed here from the stored runs: each seed's least-squares slope of ln(relative distance) on ln m, then
        // the mean and mean +- t_{0.975, 2} sd / sqrt(3) over the three seeds (t_{0.975, 2} = 0.95 / sqrt(2 0.975 0.025) = 4.302653).
        var results = SweepResults.Load(run.Directory);
        var perSeed = results.Completed.GroupBy(c => c.Cell.Spec.Seed).Select(g =>
        {
            var x = g.Select(c => Math.Log(c.Cell.Spec.Network.Widths[0])).ToList();
            var y = g.Select(c => Math.Log(c.Final(LazyTraining.Metric, LazyTraining.Layer))).ToList();
            double mx = x.Average(), my = y.Average();
            return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / x.Sum(v => (v - mx) * (v - mx));
        }).ToList();
        Assert.Equal(LazyTraining.Seeds.Length, perSeed.Count);
        double mean = perSeed.Average(), sd = Math.Sqrt(perSeed.Sum(v => (v - mean) * (v - mean)) / (perSeed.Count - 1));
        double half = 4.302652729749462 * sd / Math.Sqrt(perSeed.Count);
        using var json = JsonDocument.Parse(Assert.Single(run.Result.StdoutLines));
        Assert.Equal(mean, json.RootElement.GetProperty("measured").GetDouble(), 1e-12);
        var ci = json.RootElement.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(mean - half, ci[0], 1e-8);
        Assert.Equal(mean + half, ci[1], 1e-8);
    }

    [Fact]
    public void DoctoredDistancesThatDoNotFallWithWidthFlipTheClaim()
    {
        var results = SweepResults.Load(run.Directory);
        using var json = JsonDocument.Parse(Assert.Single(run.Result.StdoutLines));
        Assert.Equal(json.RootElement.GetProperty("holds").GetBoolean(), Assert.Single(new LazyTraining().Analyze(results).Claims).Holds);
        // Multiplied by sqrt(m), the relative distance no longer falls: slope near 0.
        var flat = results.WithMetric(LazyTraining.Metric, (c, m) => m.Value * Math.Sqrt(c.Cell.Spec.Network.Widths[0]));
        var claim = Assert.Single(new LazyTraining().Analyze(flat).Claims);
        Assert.False(claim.Holds, claim.MeasuredText);
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReports()
    {
        Assert.Equal(LazyTraining.Widths.Length * LazyTraining.Seeds.Length, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        Assert.Equal(run.Result.StdoutLines, File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")));
        foreach (var figure in new[] { "relative-distance-vs-width", "distance-vs-width", "loss-vs-step", "relative-distance-vs-step" })
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        Assert.True(File.Exists(Path.Combine(run.Directory, "report.html")));
        Assert.Contains("lazy-training-quick/report.html", File.ReadAllText(Path.Combine(run.Folder.Path, "runs", "index.html")));
    }
}

using System.Text.Json;
using NetGeometry.Experiments.Reproductions;

namespace NetGeometry.Tests.Reproductions;

[Collection(LazyTrainingQuickCollection.Name)]
public sealed class LazyTrainingTests(LazyTrainingQuickRun run)
{
    [Fact]
    public void TheQuickProfilesClaimHoldsAndTheCommandExitsZero()
    {
        Assert.True(run.Result.ExitCode == 0, run.Diagnostics);
        var line = Assert.Single(run.Result.StdoutLines);
        using var json = JsonDocument.Parse(line);
        var claim = json.RootElement;
        Assert.Equal("lazy-training", claim.GetProperty("reproduction").GetString());
        Assert.Equal("lazy-training/relative-distance-slope", claim.GetProperty("name").GetString());
        Assert.Contains("relative distance", claim.GetProperty("claim").GetString());
        Assert.Equal("in [-0.65, -0.35] (theory: -1/2)", claim.GetProperty("expected").GetString());
        var slope = claim.GetProperty("measured").GetDouble();
        Assert.InRange(slope, LazyTraining.ExpectedSlope.Low, LazyTraining.ExpectedSlope.High);
        var ci = claim.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(ci[0] < slope && slope < ci[1], $"the slope {slope} lies inside its confidence interval [{ci[0]}, {ci[1]}]");
        Assert.True(claim.GetProperty("holds").GetBoolean());
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

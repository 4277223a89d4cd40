using System.Text.Json;
using NetGeometry.Tests.Cli;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// netgeo reproduce's console summary, on the finished lazy-training quick run (run again, it reuses every cell and
/// only re-analyzes): one line per claim plus headers, none longer than the width COLUMNS gives when piped.
/// </summary>
[Collection(LazyTrainingQuickCollection.Name)]
public sealed class ReproduceConsoleTests(LazyTrainingQuickRun run)
{
    [Theory]
    [InlineData(80)]
    [InlineData(200)]
    public void EveryLineFitsTheWidthAndEachClaimTakesOneLine(int columns)
    {
        var (lines, claims) = Summary(columns);
        // Per reproduction a header and a summary line; a blank line before the summaries and the index's line after.
        const int reproductions = 1;
        Assert.True(lines.Count <= claims.Count + 2 * reproductions + 2, string.Join("\n", lines));
        Assert.All(lines, l => Assert.True(l.Length <= columns, $"longer than {columns}: {l}"));
        Assert.Equal("lazy-training (quick profile)", lines[0]);
        foreach (var (claim, line) in claims.Zip(lines.Skip(1)))
        {
            Assert.StartsWith($"  {claim.GetProperty("name").GetString()!.Split('/')[1]}  ", line);
            Assert.Contains(claim.GetProperty("expected").GetString()!.Split(" (")[0], line);
            Assert.EndsWith(claim.GetProperty("holds").GetBoolean() ? "holds" : "fails", line);
        }
        Assert.Contains($"lazy-training: {claims.Count(c => c.GetProperty("holds").GetBoolean())} of 1 claims hold (runs/lazy-training-quick/report.html)", lines);
        Assert.Equal("every run: runs/index.html", lines[^1]);
    }

    [Fact]
    public void ANarrowConsoleCutsTheMeasuredAndExpectedTextsWithAnEllipsisRatherThanWrapping()
    {
        const int columns = 50;
        var (lines, claims) = Summary(columns);
        var claimLines = lines.Skip(1).Take(claims.Count).ToList();
        Assert.All(claimLines, l => Assert.True(l.Length <= columns, $"longer than {columns}: {l}"));
        Assert.All(claimLines, l => Assert.Contains("…", l));
        Assert.All(claimLines.Zip(claims), p => Assert.EndsWith(p.Second.GetProperty("holds").GetBoolean() ? "holds" : "fails", p.First));
    }

    /// <summary>The lines netgeo reproduce prints with COLUMNS set, and the claims it wrote.</summary>
    private (List<string> Lines, List<JsonElement> Claims) Summary(int columns)
    {
        var result = Netgeo.Run(run.Folder.Path, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["COLUMNS"] = $"{columns}" },
            "reproduce", "lazy-training", "--quick");
        Assert.True(result.ExitCode is 0 or 3, result.Stderr);
        var claims = File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        return (result.Stdout.TrimEnd('\n').Split('\n').ToList(), claims);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// The machinery of image-matching on one real quick run: its lines are the claims and checks it declares, its checks
/// pass, each line says its kind and seeds, the exit status follows the claims, and it writes its figures and report.
/// No test requires Dong &amp; Zhou to be right (a claim that does not hold exits 3 and passes here); the verdict logic
/// is tested on doctored measures in <see cref="ImageMatchingClaimsTests"/>.
/// </summary>
[Collection(ImageMatchingQuickCollection.Name)]
public sealed class ImageMatchingTests(ImageMatchingQuickRun run)
{
    private static readonly string[] ClaimNames =
        ["match-within-half-pixel", "energy-ratio-at-depth", "energy-ratio-falls-with-depth", "penalty-lowers-energy",
         "small-steps-diffeomorphic", "large-steps-fold", "moving-blocks-matter"];
    private static readonly string[] CheckNames = ["energy-at-least-geodesic", "hamiltonian-conserved", "exact-match-reached"];

    private IReadOnlyList<JsonElement> Lines()
    {
        Assert.True(run.Result.ExitCode is 0 or 3, run.Diagnostics);
        return run.Result.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
    }

    private static string Short(JsonElement line) => line.GetProperty("name").GetString()!["image-matching/".Length..];

    [Fact]
    public void ItPrintsItsClaimsThenItsChecksWhichPassAndExitsByTheClaims()
    {
        var lines = Lines();
        Assert.Equal([.. ClaimNames, .. CheckNames], lines.Select(Short));
        Assert.All(lines, l => Assert.Equal(ImageMatching.Quick.Seeds.Length, l.GetProperty("seeds").GetInt32()));
        Assert.All(lines.Take(ClaimNames.Length), l => Assert.Equal("claim", l.GetProperty("kind").GetString()));
        Assert.All(lines.Skip(ClaimNames.Length), l =>
        {
            Assert.Equal("check", l.GetProperty("kind").GetString());
            Assert.True(l.GetProperty("holds").GetBoolean(), $"{Short(l)}: {l.GetProperty("measured").GetDouble()}");
        });
        Assert.Equal(lines.Take(ClaimNames.Length).All(l => l.GetProperty("holds").GetBoolean()), run.Result.ExitCode == 0);
        foreach (var line in lines.Where(l => l.TryGetProperty("ci95", out _)))
        {
            var ci = line.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double measured = line.GetProperty("measured").GetDouble();
            Assert.True(ci[0] <= measured && measured <= ci[1], $"{Short(line)}: {measured} inside [{ci[0]}, {ci[1]}]");
        }
    }

    [Fact]
    public void ItWritesItsClaimsFiguresAndReport()
    {
        var lines = Lines();
        static string[] Fields(IEnumerable<JsonElement> claims) => claims.Select(c =>
            $"{c.GetProperty("name").GetString()} = {c.GetProperty("measured").GetDouble().ToString("G10", CultureInfo.InvariantCulture)}").ToArray();
        var written = File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")).Select(l => JsonDocument.Parse(l).RootElement);
        Assert.Equal(Fields(lines), Fields(written));
        var figures = new[] { "energy-ratio-vs-depth", "slice-distance-vs-depth", "min-determinant-vs-depth", "reinit-damage-vs-displacement", "source-to-target" }
            .Concat(Enumerable.Range(1, 4).Select(l => $"warped-grid-block-{l}"));
        foreach (var figure in figures)
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        Assert.True(File.Exists(Path.Combine(run.Directory, "report.html")));
    }

    /// <summary>
    /// The cells hold the experiment (ImageMatchingRun.Cell writes each seed and pair's measures to its folder) and the
    /// analysis only reads them: a copy of the run whose cells say the deepest penalized networks end a whole unit from
    /// the target makes <c>netgeo report</c> turn the match claim to "does not hold" with that distance as its measure,
    /// which a recomputation would not.
    /// </summary>
    [Fact]
    public void ItsVerdictsAreReadFromTheCellsSoADoctoredCellFlipsTheMatchClaim()
    {
        Lines();
        using var copy = new TempFolder();
        string folder = Path.Combine(copy.Path, "runs", Path.GetFileName(run.Directory));
        foreach (var file in Directory.EnumerateFiles(run.Directory, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(folder, Path.GetRelativePath(run.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var units = Directory.GetFiles(Path.Combine(folder, "cells"), ImageMatchingRun.UnitFile, SearchOption.AllDirectories);
        Assert.Equal(ImageMatching.Quick.Seeds.Length * 2, units.Length);
        foreach (var unit in units)
        {
            var measures = JsonNode.Parse(File.ReadAllText(unit))!;
            foreach (var network in measures["networks"]!.AsArray())
                if (network!["depth"]!.GetValue<int>() == ImageMatching.Quick.Deepest && network["penalized"]!.GetValue<bool>()) network["rms"] = 1.0;
            File.WriteAllText(unit, measures.ToJsonString());
        }

        var report = Netgeo.Run(copy.Path, "report", folder);

        Assert.True(report.ExitCode == 0, report.Stderr);
        var match = File.ReadAllLines(Path.Combine(folder, "claims.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(l => Short(l) == "match-within-half-pixel");
        Assert.False(match.GetProperty("holds").GetBoolean());
        Assert.Equal(1.0, match.GetProperty("measured").GetDouble(), 12);
    }
}

using System.Globalization;
using System.Text.Json;
using NetGeometry.Experiments.Reproductions;

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
}

using System.Text.Json;
using NetGeometry.Experiments.Reproductions;

namespace NetGeometry.Tests.Reproductions;

[Collection(PlStarQuickCollection.Name)]
public sealed class PlStarTests(PlStarQuickRun run)
{
    private IReadOnlyList<JsonElement> Claims()
    {
        Assert.True(run.Result.ExitCode == 0, run.Diagnostics);
        return run.Result.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
    }

    [Fact]
    public void TheQuickProfilesFiveClaimsHoldAndTheCommandExitsZero()
    {
        var claims = Claims();
        Assert.Equal(5, claims.Count);
        Assert.All(claims, c => Assert.Equal("pl-star", c.GetProperty("reproduction").GetString()));
        Assert.All(claims, c => Assert.True(c.GetProperty("holds").GetBoolean(), c.GetProperty("claim").GetString()));
        double Measured(int i) => claims[i].GetProperty("measured").GetDouble();
        // lambda_min(K) of the wide nets barely moves; PL* holds with margin; the loss beats the theorem's rate.
        Assert.InRange(Measured(0), PlStar.KeptFraction, 1.5);
        Assert.Contains("mu = ", claims[0].GetProperty("claim").GetString());
        Assert.True(Measured(1) >= 1, $"PL ratio over its bound {Measured(1)}");
        Assert.True(Measured(2) >= 1, $"loss rate over the theorem's {Measured(2)}");
        // The output Hessian: slope near -1/2 with a linear output, near 0 with a softplus output, each inside its CI.
        Assert.InRange(Measured(3), PlStar.LinearSlope.Low, PlStar.LinearSlope.High);
        Assert.True(Measured(4) > PlStar.NonLinearSlope.Low, $"non-linear output slope {Measured(4)}");
        foreach (var i in new[] { 3, 4 })
        {
            var ci = claims[i].GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.True(ci[0] < Measured(i) && Measured(i) < ci[1], $"slope {Measured(i)} inside [{ci[0]}, {ci[1]}]");
        }
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReport()
    {
        Claims();
        int cells = PlStar.Activations.Length * PlStar.OutputActivations.Length * PlStar.QuickWidths.Length * PlStar.Seeds.Length;
        Assert.Equal(cells, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        // The same claims as printed; claims.jsonl is rewritten by a second analysis (the index refresh), whose fits may
        // sum the same points in another order, so values are compared to 10 significant digits.
        static string[] Fields(IEnumerable<JsonElement> claims) => claims.Select(c =>
            $"{c.GetProperty("claim").GetString()} = {c.GetProperty("measured").GetDouble().ToString("G10", System.Globalization.CultureInfo.InvariantCulture)}").ToArray();
        var written = File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")).Select(l => JsonDocument.Parse(l).RootElement);
        Assert.Equal(Fields(Claims()), Fields(written));
        foreach (var figure in new[] { "lambda-min-vs-step", "loss-vs-step", "pl-ratio", "output-hessian-vs-width", "kernel-change-vs-width" })
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        Assert.True(File.Exists(Path.Combine(run.Directory, "report.html")));
    }
}

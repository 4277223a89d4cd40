using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Experiments.Reproductions;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Reproductions;

[Collection(Du2019QuickCollection.Name)]
public sealed class Du2019Tests(Du2019QuickRun run)
{
    private static readonly DataSpec QuickData = new() { Source = "sphere", Train = 200, Dim = 50, Labels = "gaussian" };

    /// <summary>The eigenvalues of H-inf on a seed's quick-profile inputs, from the closed form
    /// x_i . x_j (pi - arccos(x_i . x_j)) / (2 pi) computed here.</summary>
    private static Tensor LimitSpectrum(long seed)
    {
        using var split = QuickData.Load(seed);
        var t = split.Train.Inputs.matmul(split.Train.Inputs.t()).clamp(-1, 1);
        return linalg.eigvalsh(t.mul(t.arccos().neg().add(Math.PI)).div(2 * Math.PI));
    }

    private JsonElement[] Claims() => run.Result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();

    [Fact]
    public void EveryClaimOfTheQuickProfileHoldsAndTheCommandExitsZero()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.Stderr + run.Result.Stdout);
        var claims = Claims();
        Assert.Equal(6, claims.Length);
        Assert.All(claims, c => Assert.Equal("du2019", c.GetProperty("reproduction").GetString()));
        Assert.All(claims, c => Assert.True(c.GetProperty("holds").GetBoolean(), c.GetProperty("claim").GetString()));
        foreach (var slope in claims.Where(c => c.GetProperty("claim").GetString()!.Contains("log-log slope")))
        {
            double measured = slope.GetProperty("measured").GetDouble();
            Assert.InRange(measured, Du2019.ExpectedSlope.Low, Du2019.ExpectedSlope.High);
            var ci = slope.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.True(ci[0] < measured && measured < ci[1]);
        }
    }

    [Fact]
    public void LambdaZeroIsTheSmallestEigenvalueOfHInfinityOverTheSeedsData()
    {
        var lambdaZero = Claims().Single(c => c.GetProperty("claim").GetString()!.StartsWith("lambda_0")).GetProperty("measured").GetDouble();
        // arccos near 1 turns the diagonal's round-off into about 2e-9.
        Assert.Equal(Du2019.Seeds.Min(s => LimitSpectrum(s)[0].item<double>()), lambdaZero, 1e-8);
    }

    [Fact]
    public void TheStepIsNOverTheLargestLambdaMaxOfHInfinityAndTheRateBoundUsesItOverN()
    {
        double lambdaMax = Du2019.Seeds.Max(s => LimitSpectrum(s)[199].item<double>());
        var step = new Du2019().Plan(Profile.Quick).Sweep.Base.Training.LearningRate!.Value;
        Assert.Equal(200 / lambdaMax, step, 1e-6);
        // Thm. 4.1's rate 1 - eta lambda_0 / 2 with Du et al.'s eta = our step / n = 1 / lambda_max(H-inf).
        var expected = Claims().Single(c => c.GetProperty("claim").GetString()!.Contains("Thm. 4.1")).GetProperty("expected").GetString()!;
        double slowest = Du2019.Seeds.Min(s => 1 - LimitSpectrum(s)[0].item<double>() / lambdaMax / 2);
        Assert.Contains(slowest.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), expected);
    }

    [Fact]
    public void ItWritesTheSweepClaimsAndFigures()
    {
        Assert.Equal(Du2019.QuickWidths.Length * Du2019.Seeds.Length, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        // The same JSON objects (stdout escapes '<' and '>' as \u003C and \u003E, the file need not).
        static (string?, string?, double, bool) Fields(JsonElement c) =>
            (c.GetProperty("claim").GetString(), c.GetProperty("expected").GetString(), c.GetProperty("measured").GetDouble(), c.GetProperty("holds").GetBoolean());
        var stored = File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")).Select(l => Fields(JsonDocument.Parse(l).RootElement));
        Assert.Equal(Claims().Select(Fields), stored);
        foreach (var figure in new[] { "loss-vs-step", "pattern-change-vs-width", "movement-vs-width", "mean-movement-vs-width",
                     "gram-lambda-min-vs-step", "gram-distance-vs-width", "width-sufficed" })
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        var report = File.ReadAllText(Path.Combine(run.Directory, "report.html"));
        // Thm. 4.1's width n^6 / (lambda_0^4 delta^3) at the smallest lambda_0: about 1e20 for n = 200 (science/du2019.md).
        double lambdaZero = Du2019.Seeds.Min(s => LimitSpectrum(s)[0].item<double>());
        double required = Math.Pow(200, 6) / (Math.Pow(lambdaZero, 4) * Math.Pow(Du2019.Delta, 3));
        Assert.InRange(required, 1e19, 1e21);
        Assert.Contains($"{required.ToString("0.0E0", System.Globalization.CultureInfo.InvariantCulture)} hidden units for n = 200", report);
    }
}

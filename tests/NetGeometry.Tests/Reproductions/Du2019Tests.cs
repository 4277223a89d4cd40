using System.Globalization;
using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// The du2019 quick run's machinery: exit status 0 or 3 (a claim that does not hold is a finding, not a failure), every
/// check passes, every line says its kind and seeds, numbers agree with computations made here from the data or the
/// store, and doctored results flip claims. No test requires the paper's claims to hold.
/// </summary>
[Collection(Du2019QuickCollection.Name)]
public sealed class Du2019Tests(Du2019QuickRun run)
{
    private static readonly DataSpec QuickData = new() { Source = "sphere", Train = 200, Dim = 50, Labels = "gaussian" };

    /// <summary>The eigenvalues of H-inf on a seed's quick-profile inputs, from the closed form
    /// x_i . x_j (pi - arccos(x_i . x_j)) / (2 pi) computed here.</summary>
    private static Tensor LimitSpectrum(long seed)
    {
        using var split = QuickData.Load(seed);
        var t = split.Train.Inputs.matmul(split.Train.Inputs.t()).clamp(Held(-1), Held(1));
        return linalg.eigvalsh(t.mul(t.arccos().neg().add(Held(Math.PI), Held(1))).div(Held(2 * Math.PI)));
    }

    private JsonElement[] Lines() => run.Result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();

    private JsonElement Line(string name) => Lines().Single(c => c.GetProperty("name").GetString() == $"du2019/{name}");

    private static Claim Verdict(IEnumerable<Claim> lines, string name) => lines.Single(c => c.Name == name);

    [Fact]
    public void TheCommandExitsZeroOrThreeEveryCheckPassesAndEveryLineSaysItsKindAndSeeds()
    {
        Assert.True(run.Result.ExitCode is 0 or 3, run.Diagnostics);
        var lines = Lines();
        Assert.Equal(["lambda-zero-positive", "gram-rank-deficient", "linear-convergence", "convergence-rate", "gram-stability",
            "rate-grows-with-width", "gram-ratio-grows-with-width", "narrow-fail-wide-pass", "conditions-width", "movement-slope", "pattern-change-slope"],
            lines.Select(c => c.GetProperty("name").GetString()!["du2019/".Length..]));
        Assert.All(lines, c => Assert.Equal("du2019", c.GetProperty("reproduction").GetString()));
        Assert.All(lines, c => Assert.Contains(c.GetProperty("kind").GetString(), new[] { "claim", "check" }));
        Assert.All(lines, c => Assert.InRange(c.GetProperty("seeds").GetInt32(), 1, Du2019.Seeds.Length));
        var checks = lines.Where(c => c.GetProperty("kind").GetString() == "check").ToList();
        Assert.Equal(["du2019/lambda-zero-positive", "du2019/gram-rank-deficient"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks, c => Assert.True(c.GetProperty("holds").GetBoolean(), c.GetProperty("name").GetString()));
        // Exit 0 exactly when every claim holds.
        bool allHold = lines.Where(c => c.GetProperty("kind").GetString() == "claim").All(c => c.GetProperty("holds").GetBoolean());
        Assert.Equal(allHold ? 0 : 3, run.Result.ExitCode);
    }

    [Fact]
    public void LambdaZeroIsTheSmallestEigenvalueOfHInfinityOverTheSeedsData()
    {
        var lambdaZero = Line("lambda-zero-positive").GetProperty("measured").GetDouble();
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
        var expected = Line("convergence-rate").GetProperty("expected").GetString()!;
        double slowest = Du2019.Seeds.Min(s => 1 - LimitSpectrum(s)[0].item<double>() / lambdaMax / 2);
        Assert.Contains(slowest.ToString("G3", CultureInfo.InvariantCulture), expected);
    }

    [Fact]
    public void TheGramRatioTrendIsTheMeanOverSeedsOfSpearmanRhoRecomputedFromTheStore()
    {
        var results = SweepResults.Load(run.Directory);
        // Per seed: rank the widths and min_t lambda_min(H(t)) / lambda_0, and correlate the ranks (Pearson).
        var rhos = results.Completed.GroupBy(c => c.Cell.Spec.Seed).OrderBy(g => g.Key).Select(g =>
        {
            var widths = g.Select(c => (double)c.Cell.Spec.Network.Widths[0]).ToArray();
            var ratios = g.Select(c => c.Series("du_gram_lambda_min").Min(m => m.Value) / c.Final("du_lambda_0")).ToArray();
            return Pearson(Ranks(widths), Ranks(ratios));
        }).ToArray();
        double mean = rhos.Average(), sd = Math.Sqrt(rhos.Sum(r => (r - mean) * (r - mean)) / (rhos.Length - 1));
        double half = 4.302652729911275 * sd / Math.Sqrt(rhos.Length); // t_{0.975, 2}
        var line = Line("gram-ratio-grows-with-width");
        Assert.Equal(3, rhos.Length);
        Assert.Equal(mean, line.GetProperty("measured").GetDouble(), 1e-12);
        var ci = line.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(mean - half, ci[0], 1e-9);
        Assert.Equal(mean + half, ci[1], 1e-9);
        Assert.Equal(ci[0] > 0, line.GetProperty("holds").GetBoolean());
    }

    private static double[] Ranks(double[] values) =>
        values.Select(v => values.Count(u => u < v) + (values.Count(u => u == v) + 1) / 2.0).ToArray();

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        return x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) * y.Sum(v => (v - my) * (v - my)));
    }

    [Fact]
    public void AnalyzingTheStoreAgainGivesTheLinesTheRunPrinted()
    {
        var lines = new Du2019().Analyze(SweepResults.Load(run.Directory)).Claims;
        Assert.Equal(Lines().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("holds").GetBoolean(), c.GetProperty("measured").GetDouble())),
            lines.Select(c => ((string?)c.FullName("du2019"), c.Holds, c.Measured)));
    }

    [Fact]
    public void NarrowNetsDoctoredToTrainLikeTheWidestNoLongerFailWhereTheWidestPass()
    {
        var results = SweepResults.Load(run.Directory);
        int narrowest = Du2019.QuickWidths.Min(), widest = Du2019.QuickWidths.Max();
        // The narrowest nets' loss and lambda_min(H(t)) replaced by the widest net's of the same seed, step by step.
        double Widest(CellResult cell, NetGeometry.Training.Metric metric) => cell.Cell.Spec.Network.Widths[0] != narrowest ? metric.Value
            : results.Completed.Single(c => c.Cell.Spec.Seed == cell.Cell.Spec.Seed && c.Cell.Spec.Network.Widths[0] == widest)
                .Series(metric.Name).Single(m => m.Step == metric.Step).Value;
        var doctored = results.WithMetric("train_loss", Widest).WithMetric("du_gram_lambda_min", Widest);
        var claim = Verdict(new Du2019().Analyze(doctored).Claims, "narrow-fail-wide-pass");
        Assert.False(claim.Holds);
        Assert.Equal(0, claim.Measured);
    }

    [Fact]
    public void AGramRatioDoctoredToFallWithWidthFlipsTheTrendAndTheStabilityClaims()
    {
        var results = SweepResults.Load(run.Directory);
        // lambda_min(H(t)) = lambda_0 * 10 / m: min_t lambda_min(H(t)) / lambda_0 falls with m and is below 1/2 from m = 20 on.
        var doctored = results.WithMetric("du_gram_lambda_min", (c, m) => c.Final("du_lambda_0") * 10 / c.Cell.Spec.Network.Widths[0]);
        var lines = new Du2019().Analyze(doctored).Claims;
        Assert.False(Verdict(lines, "gram-ratio-grows-with-width").Holds);
        Assert.Equal(-1, Verdict(lines, "gram-ratio-grows-with-width").Measured, 1e-12);
        Assert.False(Verdict(lines, "gram-stability").Holds);
        Assert.False(Verdict(lines, "conditions-width").Holds);
    }

    [Fact]
    public void ItWritesTheSweepClaimsAndFigures()
    {
        Assert.Equal(Du2019.QuickWidths.Length * Du2019.Seeds.Length, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        // The same JSON objects (stdout escapes '<' and '>' as \u003C and \u003E, the file need not).
        static (string?, string?, double, bool) Fields(JsonElement c) =>
            (c.GetProperty("claim").GetString(), c.GetProperty("expected").GetString(), c.GetProperty("measured").GetDouble(), c.GetProperty("holds").GetBoolean());
        var stored = File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl")).Select(l => Fields(JsonDocument.Parse(l).RootElement));
        Assert.Equal(Lines().Select(Fields), stored);
        foreach (var figure in new[] { "loss-vs-step", "pattern-change-vs-width", "movement-vs-width", "mean-movement-vs-width",
                     "gram-lambda-min-vs-step", "gram-distance-vs-width", "conditions-width" })
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        var report = File.ReadAllText(Path.Combine(run.Directory, "report.html"));
        // Thm. 4.1's width n^6 / (lambda_0^4 delta^3) at the smallest lambda_0: about 1e20 for n = 200 (science/du2019.md).
        double lambdaZero = Du2019.Seeds.Min(s => LimitSpectrum(s)[0].item<double>());
        double required = Math.Pow(200, 6) / (Math.Pow(lambdaZero, 4) * Math.Pow(Du2019.Delta, 3));
        Assert.InRange(required, 1e19, 1e21);
        Assert.Contains($"{required.ToString("0.0E0", CultureInfo.InvariantCulture)} hidden units for n = 200", report);
        // The measured width m* is the one the conditions-width line reports, and the caption says it.
        var measured = Line("conditions-width").GetProperty("measured");
        if (measured.ValueKind == JsonValueKind.Number && double.IsFinite(measured.GetDouble()))
            Assert.Contains($"from m* = {measured.GetDouble().ToString(CultureInfo.InvariantCulture)} on, every run kept", report);
    }
}

using System.Text.Json;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Training;

namespace NetGeometry.Tests.Reproductions;

[Collection(SuYang2019QuickCollection.Name)]
public sealed class SuYang2019Tests(SuYang2019QuickRun run)
{
    private static readonly string[] Figures = ["spectrum", "residual-energy-per-degree", "residual-energy-at-several-n", "decay-constant-vs-n", "risk-vs-step"];

    /// <summary>The lines --json printed, one JSON object each.</summary>
    private List<JsonElement> Printed => run.Result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void TheCommandExitsZeroOrThreeEveryCheckPassesAndEveryLineSaysItsKindAndSeeds()
    {
        // A claim that does not hold is a finding (exit 3), not a failure of the build; a check that fails is a defect.
        Assert.True(run.Result.ExitCode is 0 or 3, run.Diagnostics);
        var lines = Printed;
        Assert.Equal(1 + SuYang2019.FittedDegrees.Length + 3, lines.Count);
        Assert.All(lines, c => Assert.Equal("su-yang2019", c.GetProperty("reproduction").GetString()));
        Assert.All(lines, c => Assert.Equal(SuYang2019.QuickSeeds.Length, c.GetProperty("seeds").GetInt32()));
        var check = Assert.Single(lines, c => c.GetProperty("kind").GetString() == "check");
        Assert.Equal("su-yang2019/spectrum-clusters", check.GetProperty("name").GetString());
        Assert.True(check.GetProperty("holds").GetBoolean(), run.Diagnostics);
        Assert.Contains("separated: yes", check.GetProperty("expected").GetString());
        Assert.Contains("N(3, l) = 3, 1, 5, 9 (degrees 1, 0, 2, 4)", check.GetProperty("claim").GetString());
        Assert.Equal(run.Result.ExitCode == 0, lines.Where(c => c.GetProperty("kind").GetString() == "claim").All(c => c.GetProperty("holds").GetBoolean()));
        // The fit window was chosen after seeing data: the lines resting on the fitted constants say so, the others do not.
        string[] postHoc = [.. SuYang2019.FittedDegrees.Select(l => $"su-yang2019/degree-{l}-decay"), "su-yang2019/decay-independent-of-n"];
        Assert.All(lines, c => Assert.Equal(postHoc.Contains(c.GetProperty("name").GetString()), c.GetProperty("post_hoc").GetBoolean()));
        // Every claim reports its interval over the seeds.
        Assert.All(lines.Where(c => c.GetProperty("kind").GetString() == "claim"), c => Assert.Equal(JsonValueKind.Array, c.GetProperty("ci95").ValueKind));
    }

    [Fact]
    public void TheClusterTextListsEachDegreesMultiplicityInTheOrderOfItsEigenvalue()
    {
        Assert.Equal("N(3, l) = 3, 1, 5, 9 (degrees 1, 0, 2, 4)", SuYang2019.ClusterText(SuYang2019.Theory()));
    }

    [Fact]
    public void TheStallClaimIsTheMeanOverSeedsOfTheSmallestRestRatioWithItsTInterval()
    {
        // Recomputed here from the stored energies: per seed the smallest rest(K) / rest(0) over n, then the mean and
        // the t-interval mean +- t_{0.975, s-1} sd / sqrt(s) over the s seeds (t_{0.975, 1} = tan(0.475 pi) = 12.7062).
        var results = SweepResults.Load(run.Directory);
        var perSeed = results.Completed.GroupBy(c => c.Cell.Spec.Seed)
            .Select(g => g.Min(c => c.Series("residual_energy", "rest")[^1].Value / c.Series("residual_energy", "rest")[0].Value)).ToList();
        Assert.Equal(2, perSeed.Count); // the t value below is for 1 degree of freedom
        double mean = perSeed.Average(), sd = Math.Sqrt(perSeed.Sum(v => (v - mean) * (v - mean)) / (perSeed.Count - 1));
        double half = 12.706204736174696 * sd / Math.Sqrt(perSeed.Count);
        var claim = Printed.Single(c => c.GetProperty("name").GetString() == "su-yang2019/degree-3-not-learned");
        Assert.Equal(mean, claim.GetProperty("measured").GetDouble(), 1e-12);
        var ci = claim.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(mean - half, ci[0], 1e-9);
        Assert.Equal(mean + half, ci[1], 1e-9);
    }

    [Fact]
    public void DoctoredEnergiesAndLossesFlipTheClaimsTheyDecide()
    {
        var results = SweepResults.Load(run.Directory);
        var analysis = new SuYang2019().Analyze(results);
        // Undoctored, the analysis gives what the run printed.
        Assert.Equal(Printed.Select(c => (c.GetProperty("name").GetString()!.Split('/')[1], c.GetProperty("holds").GetBoolean())),
            analysis.Claims.Select(c => (c.Name, c.Holds)));
        bool Holds(SweepResults doctored, string name) => new SuYang2019().Analyze(doctored).Claims.Single(c => c.Name == name).Holds;
        // The part outside the clusters halves every step: degree 3 is "learned".
        Assert.False(Holds(results.WithMetric("residual_energy", (_, m) => m.Layer == "rest" ? m.Value * Math.Pow(0.5, m.Step) : m.Value), "degree-3-not-learned"));
        // The degree-2 energy falls by a further factor 0.5 per step: its norm decays at 0.35 more per step than theory.
        Assert.False(Holds(results.WithMetric("residual_energy", (_, m) => m.Layer == "degree2" ? m.Value * Math.Pow(0.5, m.Step) : m.Value), "degree-2-decay"));
        // At the largest n the degree-1 energy falls 1.5 times as fast: the constants depend on n.
        int largest = results.Completed.Max(c => c.Cell.Spec.Data.Train!.Value);
        Assert.False(Holds(results.WithMetric("residual_energy", (c, m) => m.Layer == "degree1" && c.Cell.Spec.Data.Train == largest ? Math.Pow(m.Value, 1.5) / Math.Sqrt(c.Series("residual_energy", "degree1")[0].Value) : m.Value), "decay-independent-of-n"));
        // The final risk doubled: it no longer falls to the approximation error.
        Assert.False(Holds(results.WithMetric("train_loss", (_, m) => 2 * m.Value), "risk-to-approximation-error"));
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReports()
    {
        Assert.Equal(SuYang2019.QuickSizes.Length * SuYang2019.QuickSeeds.Length, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
        // claims.jsonl holds what was printed (it also writes "ci95": null, which the printed lines leave out).
        static string[] Fields(IEnumerable<string> lines) => lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Select(c => $"{c.GetProperty("claim")} | {c.GetProperty("measured").GetDouble():R} | {c.GetProperty("expected")} | {c.GetProperty("holds")}").ToArray();
        Assert.Equal(Fields(run.Result.StdoutLines), Fields(File.ReadAllLines(Path.Combine(run.Directory, "claims.jsonl"))));
        foreach (var figure in Figures)
            foreach (var extension in new[] { "png", "svg", "csv" })
                Assert.True(File.Exists(Path.Combine(run.Directory, "figures", $"{figure}.{extension}")), $"{figure}.{extension}");
        Assert.Contains("su-yang2019-quick/report.html", File.ReadAllText(Path.Combine(run.Folder.Path, "runs", "index.html")));
    }

    [Fact]
    public void TheAnalysisRebuildsFromTheSpecTheMatrixAndResidualTheProbeRecorded()
    {
        // Same seed, same points, targets and initial network: the analysis's H(0)/n has the cluster means the probe
        // stored at step 0, and its r(0) = f(0) - y the probe's energies, which add up to twice the training loss.
        var results = SweepResults.Load(run.Directory);
        var cell = results.Completed.MinBy(c => c.Cell.Spec.Data.Train)!;
        var initial = SuYang2019.Initial(cell.Cell.Spec, SuYang2019.Theory());
        Assert.Equal(SuYang2019.QuickSizes.Min(), initial.N);
        double Stored(string name, string? layer) => cell.Series(name, layer)[0].Value;
        foreach (var c in initial.Clusters)
        {
            Assert.Equal(Stored("h0_eigenvalue", $"degree{c.Degree}"), c.Mean, 1e-12);
            Assert.Equal(Stored("residual_energy", $"degree{c.Degree}"), initial.Residual.Of(c.Degree), 1e-10);
            Assert.Equal(2 * c.Degree + 1, c.Multiplicity);
        }
        Assert.Equal(2 * Stored("train_loss", null), initial.Residual.Total, 1e-10);
        Assert.Equal(Stored("residual_energy", "rest") + Stored("residual_energy", "degree6") + Stored("residual_energy", "degree8"), initial.ApproximationError, 1e-10);
        Assert.True(initial.Separated);
        // y's part outside the learned clusters is its degree-3 part, c_3^2 = 0.25 in L2: the sample mean of
        // 0.25 Y_3^2 over n points has standard deviation 0.25 sqrt(Var Y_3^2 / n) = 0.013 at n = 500 (Var Y_3^2 = 1.36
        // on S^2, where t = x . p is uniform on [-1, 1]); allow 4 of them and a leak of 1% of y's energy (2).
        double sd = 0.25 * Math.Sqrt(1.36 / initial.N);
        Assert.InRange(initial.TargetApproximationError, 0.25 - 4 * sd - 0.02, 0.25 + 4 * sd + 0.02);
    }

    [Fact]
    public void TheDecayConstantIsTheRateOfAGeometricEnergyFittedInsideItsWindow()
    {
        // E(k) = 2 q^(2k): the norm falls by q per step, so the constant is -ln q exactly, wherever the window ends.
        double q = 0.9;
        var geometric = Enumerable.Range(0, 50).Select(k => new Metric(k, "residual_energy", "degree2", 2 * Math.Pow(q, 2 * k))).ToList();
        Assert.Equal(-Math.Log(q), SuYang2019.FittedDecay(geometric), 1e-12);
        // Past the window (energy below 1e-2 of its start: k >= 22 here) the series sits on a floor; the fit ignores it.
        int end = (int)Math.Ceiling(Math.Log(SuYang2019.FitWindow) / (2 * Math.Log(q)));
        var floored = geometric.Select(m => m.Step < end ? m : m with { Value = geometric[0].Value * SuYang2019.FitWindow / 2 }).ToList();
        Assert.Equal(-Math.Log(q), SuYang2019.FittedDecay(floored), 1e-12);
        // A single point above the window gives no slope.
        var instant = new List<Metric> { new(0, "e", null, 1), new(1, "e", null, 1e-5) };
        Assert.True(double.IsNaN(SuYang2019.FittedDecay(instant)));
    }

    [Fact]
    public void TheTheorysDecayConstantsComeFromTheClosedForms()
    {
        // mu_1 = 1/(4d) = 1/12 on S^2, so eta mu_1 = 1/2 and the constant is ln 2; mu_3 = 0 gives no decay at all.
        var theory = SuYang2019.Theory();
        Assert.Equal(Math.Log(2), SuYang2019.TheoryDecay(theory, 1), 1e-13);
        Assert.Equal(0, SuYang2019.TheoryDecay(theory, 3), 1e-13);
        Assert.True(SuYang2019.EigenvalueTolerance(9, 2000) < SuYang2019.EigenvalueTolerance(9, 500));
    }
}

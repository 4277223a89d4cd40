using System.Text.Json;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Training;

namespace NetGeometry.Tests.Reproductions;

[Collection(SuYang2019QuickCollection.Name)]
public sealed class SuYang2019Tests(SuYang2019QuickRun run)
{
    private static readonly string[] Figures = ["spectrum", "residual-energy-per-degree", "residual-energy-at-several-n", "decay-constant-vs-n", "risk-vs-step"];

    [Fact]
    public void TheQuickProfilesClaimsAllHoldAndTheCommandExitsZero()
    {
        Assert.True(run.Result.ExitCode == 0, run.Diagnostics);
        var claims = run.Result.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(1 + SuYang2019.FittedDegrees.Length + 3, claims.Count);
        Assert.All(claims, c => Assert.Equal("su-yang2019", c.GetProperty("reproduction").GetString()));
        Assert.All(claims, c => Assert.True(c.GetProperty("holds").GetBoolean(), c.GetProperty("claim").GetString()));
        foreach (var l in SuYang2019.FittedDegrees)
        {
            var decay = claims.Single(c => c.GetProperty("claim").GetString()!.StartsWith($"the degree-{l} residual norm decays"));
            Assert.InRange(decay.GetProperty("measured").GetDouble(), 0, SuYang2019.RateTolerance);
        }
        Assert.Contains("separated: yes", claims[0].GetProperty("expected").GetString());
    }

    [Fact]
    public void ItWritesTheSweepClaimsFiguresAndReports()
    {
        Assert.Equal(SuYang2019.QuickSizes.Length, Directory.GetDirectories(Path.Combine(run.Directory, "cells")).Length);
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

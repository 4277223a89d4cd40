using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

public class SpectrumCliTests
{
    [Fact]
    public void SpectrumPrintsOneJsonLinePerDegreeWithTheEmpiricalClusters()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "spectrum", "--kernel", "du", "--d", "3", "--max-degree", "4", "--empirical", "--n", "200", "--json");
        Assert.Equal(0, r.ExitCode);
        var lines = r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, lines.Count);
        for (int l = 0; l <= 4; l++)
        {
            Assert.Equal(l, lines[l].GetProperty("degree").GetInt32());
            Assert.Equal(2 * l + 1, lines[l].GetProperty("multiplicity").GetDouble());
            Assert.Equal(l != 3, lines[l].TryGetProperty("empirical_mean", out _)); // mu_3 = 0: no cluster
        }
        Assert.Equal(1.0 / 12, lines[1].GetProperty("mu").GetDouble(), 1e-14);
        Assert.Equal(0, lines[1].GetProperty("first_rank").GetInt32());
        Assert.Equal("H-inf/n", lines[1].GetProperty("matrix").GetString());
        Assert.True(lines[1].GetProperty("max_relative_deviation").GetDouble() < 3 * Math.Sqrt(3.0 / 200));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "spectrum writes no run directory");
    }

    [Fact]
    public void SpectrumTableAndHelp()
    {
        using var dir = new TempFolder();
        var table = Netgeo.Run(dir.Path, "spectrum", "--d", "10", "--max-degree", "8");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("N(d,l)", table.Stdout);
        Assert.Contains("0.025", table.Stdout); // mu_1 = 1/(4 d)
        var help = Netgeo.Run(dir.Path, "spectrum", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("netgeo spectrum --kernel du --d 3", help.Stdout);
    }

    [Theory]
    [InlineData("--d must be 2 to 100000", "spectrum", "--d", "1")]
    [InlineData("unknown kernel 'rbf'", "spectrum", "--kernel", "rbf")]
    [InlineData("--width applies with --empirical", "spectrum", "--width", "100")]
    [InlineData("whose limit is --kernel du", "spectrum", "--kernel", "relu-ntk", "--empirical", "--n", "10", "--width", "100")]
    [InlineData("--harmonics takes DEGREE:COEFFICIENT", "train", "--labels", "harmonics", "--harmonics", "1=0.5")]
    [InlineData("--labels harmonics needs --harmonics", "train", "--labels", "harmonics")]
    public void BadSpectralInputIsOneLineAndExitStatusTwo(string mention, params string[] args)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, args);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("netgeo: ", Assert.Single(r.StderrLines));
        Assert.Contains(mention, r.Stderr);
        Assert.Empty(r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")));
    }

    [Fact]
    public void TrainingOnHarmonicTargetsRecordsTheResidualSpectrum()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "train", "--model", "two-layer-relu", "--widths", "500", "--data", "sphere", "--train", "60",
            "--dim", "3", "--labels", "harmonics", "--harmonics", "1:1.0,2:0.5", "--optimizer", "gd", "--lr", "4", "--steps", "20",
            "--probes", "loss,residual-spectrum", "--probe-schedule", "every:10", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        var runDir = json.RootElement.GetProperty("run_dir").GetString()!;
        var csv = File.ReadAllLines(Path.Combine(runDir, "metrics.csv"));
        Assert.Contains(csv, l => l.StartsWith("20,residual_energy,degree1,"));
        Assert.Contains(csv, l => l.StartsWith("0,h0_eigenvalue,degree2,"));
        Assert.Contains("\"harmonics\"", File.ReadAllText(Path.Combine(runDir, "spec.json")));
    }
}

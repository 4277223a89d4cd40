using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo bench du, run as bench/du.sh runs it.</summary>
public class BenchDuCliTests
{
    [Fact]
    public void BenchDuTimesTheStepsAndGradientDescentLowersTheLoss()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "du", "--n", "30", "--d", "8", "--width", "64", "--steps", "5", "--reps", "2", "--json", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        var root = json.RootElement;
        Assert.Equal("du", root.GetProperty("work").GetString());
        Assert.Equal("float64", root.GetProperty("dtype").GetString());
        foreach (var key in new[] { "seconds", "gflops_per_second", "gemm_gflops_per_second" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        Assert.Equal(4.0 * 30 * 64 * 8 * 5, root.GetProperty("flops").GetDouble());
        // eta = 0.1 on 1/2 sum (f - y)^2 is below 2 / lambda_max(H) for 30 points: every step lowers the loss.
        Assert.True(root.GetProperty("final_loss").GetDouble() < 0.9 * root.GetProperty("initial_loss").GetDouble(), r.Stdout);
    }

    [Fact]
    public void NoStepsIsAnInputError()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "du", "--steps", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--steps", Assert.Single(r.StderrLines));
        Assert.Contains("netgeo bench du --n 1000", Netgeo.Run(dir.Path, "bench", "du", "--help").Stdout);
    }
}

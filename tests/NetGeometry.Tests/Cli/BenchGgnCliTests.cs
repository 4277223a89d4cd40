using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo bench ggn, run as bench/ggn.sh runs it.</summary>
public class BenchGgnCliTests
{
    [Fact]
    public void BenchGgnTimesTheThreeProductsAndTheClosedFormMatchesAutograd()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "ggn", "--n", "30", "--d", "5", "--width", "16", "--depth", "3", "--reps", "2", "--threads", "1", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        var root = json.RootElement;
        Assert.Equal("ggn", root.GetProperty("work").GetString());
        Assert.Equal(5 * 16 + 16 * 16 + 16, root.GetProperty("params").GetInt64());
        foreach (var key in new[] { "seconds_per_ggn_closed_form", "seconds_per_ggn_autograd", "seconds_per_hvp", "seconds_setup_ggn_closed_form" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        Assert.True(root.GetProperty("max_relative_difference").GetDouble() <= 1e-10, r.Stdout);
    }

    [Fact]
    public void NoRepsIsAnInputError()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "ggn", "--reps", "0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--reps", Assert.Single(r.StderrLines));
        Assert.Contains("netgeo bench ggn --n 1000", Netgeo.Run(dir.Path, "bench", "ggn", "--help").Stdout);
    }
}

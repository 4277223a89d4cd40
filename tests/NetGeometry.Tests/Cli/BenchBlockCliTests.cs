using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo bench block, run as bench/block.sh runs it.</summary>
public class BenchBlockCliTests
{
    [Fact]
    public void BenchBlockTimesEveryOperatorAtEveryBlockSize()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "block", "--n", "20", "--d", "6", "--width", "8", "--depth", "3", "--batch-size", "7",
            "--blocks", "1,3", "--reps", "1", "--json", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = r.StdoutLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(new[] { "ntk", "ntk", "hessian", "hessian", "ggn", "ggn" }, rows.Select(x => x.GetProperty("operator").GetString()));
        Assert.Equal(new[] { 1, 3, 1, 3, 1, 3 }, rows.Select(x => x.GetProperty("block").GetInt32()));
        // The NTK acts on the 20 examples, the curvature matrices on the 6*8 + 8*8 + 8 = 120 weights.
        Assert.Equal(new long[] { 20, 20, 120, 120, 120, 120 }, rows.Select(x => x.GetProperty("dimension").GetInt64()));
        foreach (var row in rows)
        {
            Assert.True(row.GetProperty("seconds_per_block").GetDouble() > 0);
            Assert.Equal(row.GetProperty("block").GetInt32() / row.GetProperty("seconds_per_block").GetDouble(),
                row.GetProperty("vectors_per_second").GetDouble(), 6);
        }
        Assert.All(rows.Where(x => x.GetProperty("block").GetInt32() == 1), x => Assert.Equal(1.0, x.GetProperty("speed_up").GetDouble()));
    }

    [Theory]
    [InlineData("--operators", "ntk,bogus", "unknown operator 'bogus'")]
    [InlineData("--inputs", "cifar", "--inputs takes gaussian or fashion-mnist")]
    [InlineData("--blocks", "1,0", "--blocks takes positive whole numbers")]
    public void BadChoicesAreOneLineInputErrors(string option, string value, string expected)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "block", "--n", "10", "--d", "4", "--width", "4", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, Assert.Single(r.StderrLines));
    }
}

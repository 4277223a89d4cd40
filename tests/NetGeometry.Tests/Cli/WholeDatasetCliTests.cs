using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>The options of netgeo ntk and netgeo hessian for whole-dataset spectra, run as a user would.</summary>
public class WholeDatasetCliTests
{
    [Theory]
    [InlineData("--matrix-free", "--top-k", "3")]
    [InlineData("--matrix-free", "--no-min")]
    [InlineData("--matrix-free", "--density")]
    [InlineData("--density-steps", "--matrix-free", "--density-steps", "10")]
    [InlineData("--top-k", "--top-k", "0", "--matrix-free")]
    [InlineData("--top-k", "--top-k", "50", "--max-products", "20", "--matrix-free")]
    [InlineData("--sigma", "--matrix-free", "--density", "--sigma", "-1")]
    public void BadNtkOptionsAreOneLineAndExitStatusTwo(string mention, params string[] options)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, new[] { "ntk", "--model", "mlp", "--widths", "8", "--data", "sphere", "--dim", "3", "--examples", "10" }
            .Concat(options).ToArray());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mention, Assert.Single(r.StderrLines));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "no run directory is made for bad input");
    }

    [Fact]
    public void NtkShowsThePreconditionerAndLobpcgOnStderr()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "ntk", "--model", "mlp", "--widths", "16", "--data", "sphere", "--dim", "4", "--examples", "40",
            "--matrix-free", "--json", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(r.StderrLines, l => l.StartsWith("netgeo ntk: lambda_min preconditioner: 100% built"));
        Assert.Contains(r.StderrLines, l => l.StartsWith("netgeo ntk: LOBPCG (smallest): ") && l.Contains("products, Ritz value "));
    }

    [Fact]
    public void HessianShowsLanczosTraceAndDensityProgressOnStderrAndMeasuresOnlyWhatIsAsked()
    {
        using var dir = new TempFolder();
        var trained = CurvatureCliTests.Train(dir);
        var all = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--matrices", "loss", "--top-k", "2", "--trace-products", "6",
            "--density-probes", "1", "--density-steps", "4", "--json", "--threads", "1");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Contains(all.StderrLines, l => l.StartsWith("hessian: Lanczos (largest): ") && l.Contains("products, "));
        Assert.Contains(all.StderrLines, l => l.StartsWith("hessian: trace (Hutch++): 6/6 products"));
        Assert.Contains(all.StderrLines, l => l.StartsWith("hessian: density (SLQ): 4/4 products"));

        var eigenvalues = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--matrices", "loss", "--top-k", "2", "--measure", "eigenvalues",
            "--json", "--threads", "1");
        Assert.True(eigenvalues.ExitCode == 0, eigenvalues.Stderr);
        using var json = JsonDocument.Parse(Assert.Single(eigenvalues.StdoutLines));
        var line = json.RootElement;
        Assert.Equal(2, line.GetProperty("eigenvalues").GetArrayLength());
        Assert.False(line.TryGetProperty("trace", out _), "--measure eigenvalues takes no trace");
        Assert.Equal(0, line.GetProperty("density_products").GetInt32());
        Assert.DoesNotContain(eigenvalues.StderrLines, l => l.Contains("Hutch++") || l.Contains("SLQ"));
        Assert.False(Directory.Exists(Path.Combine(line.GetProperty("run_dir").GetString()!, "plots", "density-loss_hessian.png")));

        var bad = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--measure", "eigenvalues,spectrum");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--measure: 'spectrum'", Assert.Single(bad.StderrLines));
    }
}

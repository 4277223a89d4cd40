using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

public class GeometryCliTests
{
    [Fact]
    public void CircuitPrintsTheComplexityAndWritesThePath()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "circuit", "--gates", "H 0", "--q", "2", "--steps", "40", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        Assert.True(json.RootElement.GetProperty("converged").GetBoolean());
        Assert.Equal(Math.PI / 2, json.RootElement.GetProperty("length").GetDouble(), 6);
        var runDir = json.RootElement.GetProperty("run_dir").GetString()!;
        foreach (var file in new[] { "spec.json", "results.sqlite", "geodesic.csv", "plots/hamiltonian.png", "plots/accumulated_cost.png" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), file);
    }

    [Fact]
    public void ATargetMatrixFileWorksAndBadInputIsOneLine()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("x.txt"), "# Pauli X\n0 1\n1 0\n");
        var r = Netgeo.Run(dir.Path, "circuit", "--matrix", dir.File("x.txt"), "--steps", "30", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        Assert.Equal(Math.PI / 2, json.RootElement.GetProperty("length").GetDouble(), 6);

        File.WriteAllText(dir.File("bad.txt"), "1 1\n0 1\n");
        foreach (var (args, mention) in new[]
                 {
                     (new[] { "circuit", "--matrix", dir.File("bad.txt") }, "not unitary"),
                     (new[] { "circuit" }, "--gates"),
                     (new[] { "circuit", "--gates", "CNOT 0 5" }, "qubit"),
                     (new[] { "sensitivity", dir.Path }, "not a run directory"),
                 })
        {
            var bad = Netgeo.Run(dir.Path, args);
            Assert.Equal(2, bad.ExitCode);
            Assert.Single(bad.StderrLines);
            Assert.Contains(mention, bad.StderrLines[0]);
        }
    }

    [Fact]
    public void SensitivityAndComplexityAnalyseATrainedRun()
    {
        using var dir = new TempFolder();
        var train = Netgeo.Run(dir.Path, "train", "--data", "sphere", "--train", "30", "--test", "10", "--dim", "3", "--widths", "8",
            "--depth", "3", "--steps", "20", "--checkpoints", "every:10", "--json");
        Assert.Equal(0, train.ExitCode);
        using var trained = JsonDocument.Parse(Assert.Single(train.StdoutLines));
        var runDir = trained.RootElement.GetProperty("run_dir").GetString()!;

        var sensitivity = Netgeo.Run(dir.Path, "sensitivity", runDir, "--draws", "1", "--json");
        Assert.Equal(0, sensitivity.ExitCode);
        using var table = JsonDocument.Parse(Assert.Single(sensitivity.StdoutLines));
        Assert.Equal(3, table.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Equal(new long[] { 0, 10, 20 }, table.RootElement.GetProperty("checkpoint_steps").EnumerateArray().Select(e => e.GetInt64()));
        Assert.True(File.Exists(Path.Combine(table.RootElement.GetProperty("run_dir").GetString()!, "plots", "sensitivity.png")));

        var complexity = Netgeo.Run(dir.Path, "complexity", runDir, "--json");
        Assert.Equal(0, complexity.ExitCode);
        using var measures = JsonDocument.Parse(Assert.Single(complexity.StdoutLines));
        Assert.True(measures.RootElement.GetProperty("trajectory_length").GetDouble() > 0);
        Assert.True(measures.RootElement.TryGetProperty("path_complexity", out _), "layer2 of a 3-8-8-1 MLP is square");

        var help = Netgeo.Run(dir.Path, "circuit", "--help");
        Assert.Contains("netgeo circuit --gates", help.Stdout);
    }
}

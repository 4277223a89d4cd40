using System.Globalization;
using System.Text.Json;
using NetGeometry.Tests.Experiments;
using NetGeometry.Tests.Models;

namespace NetGeometry.Tests.Cli;

public class WeightsCliTests
{
    [Fact]
    public void WeightsOfARunAgreeWithTheProbeAndATorchScriptModelTakesTheSamePath()
    {
        using var dir = new TempFolder();
        var train = Netgeo.Run(dir.Path, "train", "--data", "gaussian", "--train", "60", "--dim", "24", "--widths", "40,30", "--steps", "10",
            "--probes", "loss,weight-spectra", "--probe-schedule", "every:5", "--checkpoints", "every:5", "--json");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var run = JsonDocument.Parse(Assert.Single(train.StdoutLines)).RootElement.GetProperty("run_dir").GetString()!;
        var r = Netgeo.Run(dir.Path, "weights", run, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var layers = r.JsonObjects;
        Assert.Equal(["layer1", "layer2", "layer3"], layers.Select(l => l["layer"].GetString()));
        Assert.Equal([40L, 40L, 30L], layers.Select(l => l["rows"].GetInt64()));
        Assert.Equal([24L, 30L, 1L], layers.Select(l => l["columns"].GetInt64()));
        Assert.False(layers[2].ContainsKey("alpha")); // one eigenvalue: no tail to fit, yet the layer is there (not skipped)
        var recorded = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Select(l => l.Split(','))
            .Single(f => f[0] == "10" && f[1] == "weight_alpha" && f[2] == "layer2");
        Assert.Equal(double.Parse(recorded[3], CultureInfo.InvariantCulture), layers[1]["alpha"].GetDouble(), 12);
        var output = layers[0]["run_dir"].GetString()!;
        foreach (var file in new[] { "weights.csv", "esd.csv", "report.html", "figures/esd-layer1.png", "figures/esd-layer2.svg" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.Equal(1 + 24 + 30 + 1, File.ReadAllLines(Path.Combine(output, "esd.csv")).Length);

        var script = Netgeo.Run(dir.Path, "weights", "--torchscript", PyTorchFixture.PathOf("cnn.pt"), "--json");
        Assert.True(script.ExitCode == 0, script.Stderr);
        Assert.All(script.JsonObjects, l => Assert.True(l["spectral_norm"].GetDouble() > 0));
    }

    [Fact]
    public void BadInputIsOneLineWithStatusTwo()
    {
        using var dir = new TempFolder();
        foreach (var (args, mention) in new (string[], string)[]
                 {
                     (["weights"], "needs a run directory"),
                     (["weights", dir.Path], "is not a run directory"),
                     (["weights", "--torchscript", PyTorchFixture.PathOf("cnn.pt"), "--step", "3"], "drop --step"),
                     (["weights", "--torchscript", PyTorchFixture.PathOf("garbage.pt")], "garbage.pt"),
                     (["weights", "--torchscript", PyTorchFixture.PathOf("cnn.pt"), "--seed", "1"], "--seed"),
                 })
        {
            var r = Netgeo.Run(dir.Path, args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: {r.Stderr}");
            Assert.Contains(mention, Assert.Single(r.StderrLines));
        }
        Assert.Contains("netgeo weights runs/", Netgeo.Run(dir.Path, "weights", "--help").Stdout);
    }
}

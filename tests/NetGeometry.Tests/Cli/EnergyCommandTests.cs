using System.Globalization;
using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

public class EnergyCommandTests
{
    private static string TrainOptRun(TempFolder dir)
    {
        var r = Netgeo.Run(dir.Path, "train", "--data", "sphere", "--train", "40", "--dim", "6", "--widths", "12,10",
            "--opt", "cp", "--opt-layers", "layer1", "--optimizer", "adam", "--lr", "0.05", "--steps", "20",
            "--probes", "loss,energy,orthogonality", "--probe-schedule", "every:10", "--checkpoints", "every:10", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        return json.RootElement.GetProperty("run_dir").GetString()!;
    }

    private static Dictionary<string, JsonElement> Layer(Netgeo.Result r, string layer) =>
        r.StdoutLines.Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)
            .Single(fields => fields["layer"].GetString() == layer);

    [Fact]
    public void EnergyReadsACheckpointAndAgreesWithTheProbeWhileOptKeepsItsLayersEnergy()
    {
        using var dir = new TempFolder();
        var run = TrainOptRun(dir);
        var last = Netgeo.Run(dir.Path, "energy", run, "--json");
        var first = Netgeo.Run(dir.Path, "energy", run, "--step", "0", "--json");
        Assert.True(last.ExitCode == 0, last.Stderr);
        Assert.Equal(2, last.StdoutLines.Length); // layer1 (OPT) and layer2 (standard); the one-neuron output has no pairs
        var (opt0, opt20) = (Layer(first, "layer1"), Layer(last, "layer1"));
        var (std0, std20) = (Layer(first, "layer2"), Layer(last, "layer2"));
        Assert.Equal(20, opt20["step"].GetInt64());
        Assert.Equal("cp", opt20["opt_method"].GetString());
        Assert.Equal(12, opt20["neurons"].GetInt64());
        Assert.Equal(6, opt20["dim"].GetInt64());
        Assert.True(opt20["orthogonality_error"].GetDouble() < 1e-12);
        Assert.False(std20.ContainsKey("orthogonality_error"));
        foreach (var metric in new[] { "energy_s0", "energy_s1", "energy_s2", "energy_s1_angular", "energy_s1_half" })
        {
            Assert.Equal(1.0, opt20[metric].GetDouble() / opt0[metric].GetDouble(), 9);
            Assert.True(Math.Abs(std20[metric].GetDouble() / std0[metric].GetDouble() - 1) > 1e-4, $"standard layer2 {metric} moves");
        }
        // The same numbers as the energy probe recorded during training (metrics.csv: step,name,layer,value).
        var recorded = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Select(l => l.Split(','))
            .Single(f => f[0] == "20" && f[1] == "energy_s1" && f[2] == "layer2");
        Assert.Equal(double.Parse(recorded[3], CultureInfo.InvariantCulture), std20["energy_s1"].GetDouble(), 12);
    }

    [Fact]
    public void BadRunsStepsVariantsAndMethodsAreOneLineErrors()
    {
        using var dir = new TempFolder();
        var run = TrainOptRun(dir);
        foreach (var (args, mention) in new (string[], string)[]
                 {
                     (["energy", dir.Path], "is not a run directory"),
                     (["energy", run, "--step", "7"], "choose one of steps 0, 10, 20"),
                     (["energy", run, "--variants", "s1,q2"], "unknown energy variant 'q2'"),
                     (["train", "--opt", "svd"], "unknown OPT method 'svd'"),
                     (["train", "--model", "residual-mlp", "--opt", "cp"], "--opt applies to --model mlp or cnn"),
                 })
        {
            var r = Netgeo.Run(dir.Path, args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(mention, Assert.Single(r.StderrLines));
            Assert.Empty(r.Stdout);
        }
        var help = Netgeo.Run(dir.Path, "energy", "--help");
        Assert.Contains("netgeo energy runs/", help.Stdout);
    }
}

using System.Globalization;
using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Tests.Data;
using NetGeometry.Tests.Experiments;
using NetGeometry.Tests.Models;

namespace NetGeometry.Tests.Cli;

public class LandscapeCliTests
{
    private static string Train(TempFolder dir, string seed)
    {
        var r = Netgeo.Run(dir.Path, "train", "--model", "mlp", "--widths", "16,16", "--data", "gaussian", "--dim", "6", "--train", "80",
            "--labels", "teacher", "--steps", "60", "--checkpoints", "log:6", "--seed", seed, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement.GetProperty("run_dir").GetString()!;
    }

    [Fact]
    public void TheGridsOriginIsTheRunsFinalLossAndEveryPictureIsWritten()
    {
        using var dir = new TempFolder();
        var run = Train(dir, "1");
        var other = Train(dir, "2");
        var r = Netgeo.Run(dir.Path, "landscape", run, "--grid", "5", "--line-points", "9", "--other", other, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.JsonObjects;
        var finalLoss = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Select(l => l.Split(','))
            .Last(f => f[1] == "train_loss" && f[2] == "");
        double recorded = double.Parse(finalLoss[3], CultureInfo.InvariantCulture);
        Assert.Equal(recorded, lines[0]["loss"].GetDouble(), 12);
        Assert.Equal(["origin", "line", "line", "plane", "plane", "plane"], lines.Select(l => l["kind"].GetString()));
        Assert.Equal(recorded, lines[1]["loss_end"].GetDouble(), 12);      // init -> final ends at theta*
        Assert.Equal(recorded, lines[2]["loss_start"].GetDouble(), 12);    // final -> other starts there
        var output = lines[0]["run_dir"].GetString()!;
        // The grid's centre (a = b = 0, index 2 of 5) is theta* too, on every plane.
        foreach (var plane in new[] { "random", "hessian", "pca" }.Take(2))
        {
            using var stream = File.OpenRead(Path.Combine(output, plane, "loss.npy"));
            var (values, shape) = NpyFile.Read(stream);
            Assert.Equal([5L, 5L], shape);
            Assert.Equal(recorded, values[2 * 5 + 2], 12);
        }
        using (var path = File.OpenRead(Path.Combine(output, "pca", "path.npy")))
        {
            var (values, shape) = NpyFile.Read(path);
            Assert.Equal(3, shape[1]);
            Assert.Equal((0.0, 0.0), (values[^2], values[^1])); // the path ends at theta*, the plane's origin
        }
        Assert.Contains("explained variance", lines[5]["note"].GetString());
        using (var store = NetGeometry.Experiments.ResultsStore.Open(Path.Combine(output, "results.sqlite")))
        {
            var summaries = store.Summaries(store.Runs().Single().Id).ToDictionary(s => s.Key, s => s.Number);
            double first = summaries["pca_explained_variance_1"], second = summaries["pca_explained_variance_2"];
            Assert.InRange(second, 0, first);
            Assert.InRange(first + second, 0, 1 + 1e-12);
        }
        foreach (var file in new[] { "lines.csv", "path.csv", "random/grid.csv", "random/directions.npy", "figures/landscape-pca.png",
                     "figures/landscape-random.svg", "figures/line-loss.png", "report.html" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.Contains("PCA plane of the trajectory", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void ATorchScriptModelTakesTheSamePath()
    {
        using var dir = new TempFolder();
        // The same file as its own --other: the line from theta* to itself is flat, its barrier 0.
        var cnn = PyTorchFixture.PathOf("fashion-cnn.pt");
        var r = Netgeo.Run(dir.Path, "landscape", "--torchscript", cnn, "--input-shape", "1,28,28", "--loss", "cross-entropy",
            "--data", "fashion-mnist", "--data-dir", DataFiles.MiniFashionMnist, "--examples", "20", "--grid", "3", "--line-points", "5",
            "--planes", "random", "--other", cnn, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.JsonObjects;
        Assert.Equal(["origin", "line", "plane"], lines.Select(l => l["kind"].GetString()));
        Assert.Equal(0, lines[1]["barrier"].GetDouble(), 12);
        Assert.Equal(lines[0]["loss"].GetDouble(), lines[1]["loss_start"].GetDouble(), 12);
        Assert.InRange(lines[0]["accuracy"].GetDouble(), 0, 1);
    }

    [Fact]
    public void BadInputIsOneLineWithStatusTwoBeforeAnythingIsWritten()
    {
        using var dir = new TempFolder();
        foreach (var (args, mention) in new (string[], string)[]
                 {
                     (["landscape"], "needs a run directory"),
                     (["landscape", dir.Path], "is not a run directory"),
                     (["landscape", dir.Path, "--grid", "1000"], "--grid"),
                     (["landscape", dir.Path, "--planes", "hills"], "'hills'"),
                     (["landscape", dir.Path, "--loss", "square"], "--loss"),
                     (["landscape", "--torchscript", PyTorchFixture.PathOf("fashion-cnn.pt"), "--input-shape", "1,28,28", "--loss", "square", "--planes", "pca"], "trajectory"),
                 })
        {
            var r = Netgeo.Run(dir.Path, args);
            Assert.True(r.ExitCode == 2, $"{string.Join(' ', args)}: {r.Stderr}");
            Assert.Contains(mention, Assert.Single(r.StderrLines));
            Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")));
        }
        Assert.Contains("netgeo landscape runs/", Netgeo.Run(dir.Path, "landscape", "--help").Stdout);
    }
}

using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

public class CliTests
{
    private static void AssertOneLineBadInput(Netgeo.Result r, string mention)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StderrLines);
        Assert.StartsWith("netgeo: ", r.StderrLines[0]);
        Assert.Contains(mention, r.StderrLines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void AnUnknownOptionIsOneLineAndExitStatusTwo()
    {
        using var dir = new TempFolder();
        AssertOneLineBadInput(Netgeo.Run(dir.Path, "train", "--widht", "5"), "--widht");
    }

    [Fact]
    public void AMissingDataDirectoryNamesThePackageToInstall()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "train", "--data", "fashion-mnist", "--data-dir", Path.Combine(dir.Path, "nowhere"));
        AssertOneLineBadInput(r, "dataset-fashion-mnist");
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "no run directory is made for bad input");
    }

    [Theory]
    [InlineData("--widths=-4")]
    [InlineData("--widths=0")]
    [InlineData("--widths=ten")]
    public void ANonPositiveWidthIsRejected(string widths)
    {
        using var dir = new TempFolder();
        AssertOneLineBadInput(Netgeo.Run(dir.Path, "train", widths), "--widths");
    }

    [Fact]
    public void HelpShowsAnExampleAndVersionPrintsOne()
    {
        using var dir = new TempFolder();
        var help = Netgeo.Run(dir.Path, "train", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("netgeo train --model mlp", help.Stdout);
        var version = Netgeo.Run(dir.Path, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());
    }

    [Fact]
    public void ClassZeroCanBeKeptAndANegativeClassIsRejected()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "train", "--data", "fashion-mnist", "--data-dir", Data.DataFiles.MiniFashionMnist, "--classes", "0,6",
            "--train", "6", "--test", "0", "--widths", "8", "--steps", "2", "--json");
        Assert.Equal(0, r.ExitCode);
        var spec = File.ReadAllText(Path.Combine(JsonDocument.Parse(r.StdoutLines[0]).RootElement.GetProperty("run_dir").GetString()!, "spec.json"));
        Assert.Contains("\"classes\": [\n      0,\n      6\n    ]", spec.Replace("\r", ""));
        AssertOneLineBadInput(Netgeo.Run(dir.Path, "train", "--data", "fashion-mnist", "--data-dir", Data.DataFiles.MiniFashionMnist, "--classes", "-1,6"),
            "--classes takes whole numbers of at least 0");
    }

    [Fact]
    public void ATrainingRunPrintsOneJsonLineAndWritesItsRunDirectory()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "train", "--data", "sphere", "--train", "30", "--test", "10", "--dim", "4",
            "--widths", "32", "--steps", "20", "--probe-schedule", "every:5", "--json", "--seed", "3");
        Assert.Equal(0, r.ExitCode);
        var line = Assert.Single(r.StdoutLines);
        using var json = JsonDocument.Parse(line);
        var runDir = json.RootElement.GetProperty("run_dir").GetString()!;
        Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("test_loss").GetDouble() > 0);
        Assert.StartsWith(Path.Combine(dir.Path, "runs", "train-"), runDir);
        foreach (var file in new[] { "spec.json", "results.sqlite", "metrics.csv", "plots/train_loss.png", "plots/relative_distance_from_init.png" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), file);
    }

    [Fact]
    public void ADivergingRunExitsWithOneAndKeepsItsRecords()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "train", "--data", "sphere", "--train", "20", "--dim", "3", "--parameterization", "ntk",
            "--optimizer", "gd", "--lr", "1000", "--steps", "300", "--probe-schedule", "every:1", "--json");
        Assert.Equal(1, r.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        Assert.Equal("diverged", json.RootElement.GetProperty("status").GetString());
        var csv = File.ReadAllLines(Path.Combine(json.RootElement.GetProperty("run_dir").GetString()!, "metrics.csv"));
        Assert.Contains(csv, l => l.StartsWith("0,train_loss,"));
    }

    [Fact]
    public void RunReportsABadSpecFieldInOneLineAndWritesNothing()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("bad.json"), """{ "training": { "learningRate": "fast" } }""");
        AssertOneLineBadInput(Netgeo.Run(dir.Path, "run", "bad.json"), "training.learningRate must be a number");
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")));
    }

    [Fact]
    public void ReproduceListsItsReproductionsAndRefusesAnUnknownOne()
    {
        using var dir = new TempFolder();
        var list = Netgeo.Run(dir.Path, "reproduce", "--list", "--json");
        Assert.Equal(0, list.ExitCode);
        using var first = JsonDocument.Parse(list.StdoutLines.Single(l => l.Contains("\"lazy-training\"")));
        Assert.Contains("Du, Zhai, Poczos", first.RootElement.GetProperty("paper").GetString());
        AssertOneLineBadInput(Netgeo.Run(dir.Path, "reproduce", "lazy-trianing"), "lazy-training");
        foreach (var command in new[] { "run", "reproduce", "report" })
            Assert.Contains($"netgeo {command} ", Netgeo.Run(dir.Path, command, "--help").Stdout);
    }

    [Fact]
    public void ATrainingRunWritesAReportAndTheIndexAndReportRewritesThem()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "train", "--data", "sphere", "--train", "20", "--dim", "3", "--widths", "8", "--steps", "5",
            "--checkpoints", "end", "--keep", "all", "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        var runDir = json.RootElement.GetProperty("run_dir").GetString()!;
        var html = File.ReadAllText(Path.Combine(runDir, "report.html"));
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains(Path.GetFileName(runDir), File.ReadAllText(Path.Combine(dir.Path, "runs", "index.html")));
        Assert.True(File.Exists(Path.Combine(runDir, "arrays", "step-5", "layer1.weight.npy")));
        File.Delete(Path.Combine(runDir, "report.html"));

        var report = Netgeo.Run(dir.Path, "report", runDir);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal(Path.Combine(runDir, "report.html"), report.Stdout.Trim());
        Assert.True(File.Exists(Path.Combine(runDir, "report.html")));
    }
}

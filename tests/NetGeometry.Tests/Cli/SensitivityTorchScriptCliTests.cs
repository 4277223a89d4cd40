using System.Globalization;
using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Models;
using NetGeometry.Sensitivity;
using NetGeometry.Tests.Data;
using NetGeometry.Tests.Experiments;
using NetGeometry.Tests.Models;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo sensitivity --torchscript, run as a user would: a PyTorch CNN with checkpoints saved as TorchScript,
/// its table against the library's, and bad input.</summary>
public class SensitivityTorchScriptCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private static string Cnn => PyTorchFixture.PathOf("fashion-cnn.pt");

    private static string[] Mini => ["--data", "fashion-mnist", "--data-dir", DataFiles.MiniFashionMnist, "--examples", "20"];

    /// <summary>fashion-cnn.pt with every parameter multiplied by -2, saved by TorchSharp as TorchScript to
    /// <paramref name="directory"/>/init.pt: a checkpoint of the same architecture whose output layer ranks the classes
    /// the other way round.</summary>
    private static string InitialCheckpoint(string directory)
    {
        var path = Path.Combine(directory, "init.pt");
        using var module = TorchScriptFile.LoadModule(Cnn);
        using (no_grad())
        {
            foreach (var (_, p) in module.named_parameters()) p.mul_(Held(-2.0));
        }
        jit.save(module, path);
        return path;
    }

    [Fact]
    public void TheTableOfATorchScriptCnnWithCheckpointsIsTheLibrarysAndItsFinalCheckpointChangesNothing()
    {
        using var dir = new TempFolder();
        var init = InitialCheckpoint(dir.Path);
        var r = Netgeo.Run(dir.Path, Timeout, ["sensitivity", "--torchscript", Cnn, "--checkpoint", $"100={Cnn}", "--checkpoint", $"0={init}",
            "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini, "--draws", "2", "--seed", "3", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var line = JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement;
        Assert.Equal(["0", "4", "6"], line.GetProperty("layers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0L, 100L], line.GetProperty("checkpoint_steps").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("error", line.GetProperty("kind").GetString());
        var runDir = line.GetProperty("run_dir").GetString()!;
        Assert.True(File.Exists(Path.Combine(runDir, SensitivityOutput.HeatmapFile)));

        // The library on the same files and the same 20 images (pixel / 255, the training file's order).
        using var split = new DataSpec { Source = "fashion-mnist", DataDir = DataFiles.MiniFashionMnist, Train = 20, Test = 0 }.Load(3);
        using var inputs = split.Train.ShapedInputs([1, 28, 28]);
        using var model = TorchScriptFile.Load(Cnn);
        using var atInit = CheckpointState.FromTorchScript(0, init, model);
        using var atEnd = CheckpointState.FromTorchScript(100, Cnn, model);
        var table = SensitivityAnalysis.Measure(model, new SensitivityData(split.Train, inputs, LossKind.CrossEntropy), [atInit, atEnd],
            new SensitivityOptions { Draws = 2, Seed = 3 }, "the data");
        var rows = File.ReadAllLines(Path.Combine(runDir, SensitivityOutput.TableFile));
        Assert.Equal("layer,rerandomized,step_0,step_100,draw_0,draw_1", rows[0]);
        var matrix = table.Matrix;
        for (int l = 0; l < 3; l++)
        {
            var cells = rows[1 + l].Split(',');
            Assert.Equal(table.Layers[l], cells[0]);
            var expected = new[] { matrix[l, 0], matrix[l, 1], matrix[l, 2], table.Rerandomized[l, 0], table.Rerandomized[l, 1] };
            Assert.Equal(expected, cells.Skip(1).Select(c => double.Parse(c, CultureInfo.InvariantCulture)));
            Assert.Equal(table.Baseline, table.Reinitialized[l, 1]);   // re-initializing to the final model changes nothing
        }
        Assert.Equal(table.Baseline, line.GetProperty("baseline").GetDouble());
        Assert.Contains(Enumerable.Range(0, 3), l => table.Reinitialized[l, 0] != table.Baseline);
    }

    public static TheoryData<string, string[]> BadInput() => new()
    {
        { "no TorchScript file at", ["--torchscript", "nowhere.pt", "--checkpoint", $"0={Cnn}", "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini] },
        { "is not a TorchScript file", ["--torchscript", PyTorchFixture.PathOf("garbage.pt"), "--checkpoint", $"0={Cnn}", "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini] },
        { "nowhere.pt", ["--torchscript", Cnn, "--checkpoint", "0=nowhere.pt", "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini] },
        { $"'0.weight' has shape [16, 10] in the checkpoint '{PyTorchFixture.PathOf("mlp.pt")}' (step 0) but [4, 1, 5, 5] in the module",
            ["--torchscript", Cnn, "--checkpoint", $"0={PyTorchFixture.PathOf("mlp.pt")}", "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini] },
        { "--input-shape 1,28,27 has 756 values per example",
            ["--torchscript", Cnn, "--checkpoint", $"0={Cnn}", "--input-shape", "1,28,27", "--loss", "cross-entropy", .. Mini] },
        { "a run directory cannot be given with it", ["runs/x", "--torchscript", Cnn, "--checkpoint", $"0={Cnn}", "--input-shape", "1,28,28", "--loss", "cross-entropy"] },
        { "needs at least one --checkpoint STEP=FILE", ["--torchscript", Cnn, "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini] },
        { "is not STEP=FILE", ["--torchscript", Cnn, "--checkpoint", Cnn, "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini] },
        { "gives step 0 twice", ["--torchscript", Cnn, "--checkpoint", $"0={Cnn}", "--checkpoint", $"0={Cnn}", "--input-shape", "1,28,28", "--loss", "cross-entropy", .. Mini] },
        { "--loss cross-entropy needs class labels",
            ["--torchscript", PyTorchFixture.PathOf("mlp.pt"), "--checkpoint", $"0={PyTorchFixture.PathOf("mlp.pt")}", "--data", "sphere", "--dim", "10",
                "--input-shape", "10", "--loss", "cross-entropy"] },
        { "the model's outputs have shape [200, 3], but the error on sphere needs outputs shaped like its targets [200, 1]",
            ["--torchscript", PyTorchFixture.PathOf("mlp.pt"), "--checkpoint", $"0={PyTorchFixture.PathOf("mlp.pt")}", "--data", "sphere", "--dim", "10",
                "--input-shape", "10", "--loss", "square"] },
        { "--torchscript needs --input-shape", ["--torchscript", Cnn, "--checkpoint", $"0={Cnn}", "--loss", "cross-entropy", .. Mini] },
        { "--torchscript needs --loss", ["--torchscript", Cnn, "--checkpoint", $"0={Cnn}", "--input-shape", "1,28,28", .. Mini] },
        { "drop --columns", ["--torchscript", Cnn, "--checkpoint", $"0={Cnn}", "--input-shape", "1,28,28", "--loss", "cross-entropy", "--columns", "3", .. Mini] },
        { "--checkpoint, --loss go with --torchscript", ["runs/x", "--checkpoint", $"0={Cnn}", "--loss", "square"] },
        { "needs a run directory", ["--draws", "2"] },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineExitTwoAndLeavesNothing(string mention, string[] args)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, Timeout, ["sensitivity", .. args]);
        StoreFiles.AssertRefused(r, mention);
        Assert.Empty(r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "a run directory was left behind");
    }
}

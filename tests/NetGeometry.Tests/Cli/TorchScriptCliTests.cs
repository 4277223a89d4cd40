using System.Text.Json;
using NetGeometry.Curvature;
using NetGeometry.Tests.Experiments;
using NetGeometry.Tests.Models;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo hessian --torchscript, run as a user would: a PyTorch model's Hessian spectrum checked against PyTorch's, and bad input.</summary>
public class TorchScriptCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// tests/fixtures/pytorch/fashion_cnn.py: a 1314-parameter CNN traced by PyTorch, and the eigenvalues of its dense
    /// cross-entropy Hessian on the first 1000 Fashion-MNIST training images (pixel/255, float64) from eigvalsh.
    /// </summary>
    [Fact]
    public void HessianOfAPyTorchCnnOnFashionMnistAgreesWithPyTorch()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, Timeout, "hessian", "--torchscript", PyTorchFixture.PathOf("fashion-cnn.pt"), "--data", "fashion-mnist",
            "--examples", "1000", "--input-shape", "1,28,28", "--loss", "cross-entropy", "--matrices", "loss", "--top-k", "5", "--tol", "1e-8",
            "--batch-size", "300", "--trace-products", "6", "--density-probes", "1", "--density-steps", "4", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var line = JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement;
        using var fixture = JsonDocument.Parse(File.ReadAllText(PyTorchFixture.PathOf("fashion-cnn.json")));
        var pytorch = fixture.RootElement.GetProperty("examples").GetProperty("1000");
        var expected = pytorch.GetProperty("top_eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var actual = line.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(1314, line.GetProperty("dimension").GetInt64());
        Assert.Equal(5, actual.Length);
        Assert.True(line.GetProperty("converged").GetBoolean());
        for (int i = 0; i < 5; i++)
            Assert.True(PyTorchFixture.Relative(actual[i], expected[i]) < 1e-6, $"eigenvalue {i + 1}: netgeo {actual[i]:R}, PyTorch {expected[i]:R}");
        Assert.Contains($"cross-entropy loss {pytorch.GetProperty("loss").GetDouble():G10}", r.Stderr);
        Assert.True(line.GetProperty("trace_low").GetDouble() <= line.GetProperty("trace").GetDouble());
        Assert.True(line.GetProperty("trace").GetDouble() <= line.GetProperty("trace_high").GetDouble());
        var runDir = line.GetProperty("run_dir").GetString()!;
        foreach (var file in new[] { "spec.json", "results.sqlite", "metrics.csv", "density.csv", "plots/density-loss_hessian.png" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), file);
    }

    /// <summary>
    /// The Gauss-Newton matrix and the empirical Fisher of the PyTorch CNN on 20 Fashion-MNIST images (batches of 7, 7 and
    /// 6), from the command line and from the library on the same weights and the same tensors (loaded as the command
    /// loads them): the top eigenvalues agree; the per-layer blocks are measured too, and, left at its default, --matrices
    /// is loss,ggn as for --run.
    /// </summary>
    [Fact]
    public void GaussNewtonAndFisherOfAPyTorchCnnAgreeWithTheLibrary()
    {
        using var dir = new TempFolder();
        string[] common = ["hessian", "--torchscript", PyTorchFixture.PathOf("fashion-cnn.pt"), .. Mini, "--input-shape", "1,28,28",
            "--loss", "cross-entropy", "--tol", "1e-10", "--batch-size", "7", "--trace-products", "6",
            "--density-probes", "1", "--density-steps", "4", "--json"];
        var r = Netgeo.Run(dir.Path, Timeout, [.. common, "--top-k", "2", "--matrices", "ggn,fisher", "--per-layer"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["ggn", "ggn", "ggn", "ggn", "fisher", "fisher", "fisher", "fisher"], lines.Select(l => l.GetProperty("matrix").GetString()));
        Assert.Equal([null, "0", "4", "6", null, "0", "4", "6"], lines.Select(l => l.TryGetProperty("layer", out var layer) ? layer.GetString() : null));

        using var scope = TorchSharp.torch.NewDisposeScope();
        using var model = NetGeometry.Models.TorchScriptFile.Load(PyTorchFixture.PathOf("fashion-cnn.pt"));
        using var data = new NetGeometry.Data.DataSpec { Source = "fashion-mnist", DataDir = Data.DataFiles.MiniFashionMnist, Train = 20, Test = 0 }.Load(0);
        var batches = NetGeometry.Models.Batch.Split(data.Train.ShapedInputs([1, 28, 28]), data.Train.Labels!, 7);
        foreach (var matrix in new[] { CurvatureMatrix.GaussNewton, CurvatureMatrix.EmpiricalFisher })
        {
            using var op = CurvatureMatrices.Create(matrix, model, NetGeometry.Models.ModelLoss.CrossEntropy, batches);
            using var top = Lanczos.Eigenpairs(op, 2, SpectrumEnd.Largest, tolerance: 1e-10);
            var line = lines.First(l => l.GetProperty("matrix").GetString() == CurvatureMatrices.MetricName(matrix));
            Assert.Equal(1314, line.GetProperty("dimension").GetInt64());
            Assert.True(line.GetProperty("converged").GetBoolean());
            var cli = line.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int i = 0; i < 2; i++)
                Assert.True(PyTorchFixture.Relative(cli[i], top.Values[i]) < 1e-8, $"{matrix} eigenvalue {i + 1}: netgeo {cli[i]:R}, library {top.Values[i]:R}");
        }

        var defaults = Netgeo.Run(dir.Path, Timeout, [.. common, "--top-k", "1"]);
        Assert.True(defaults.ExitCode == 0, defaults.Stderr);
        Assert.Equal(["loss_hessian", "ggn"], defaults.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("matrix").GetString()));
    }

    public static TheoryData<string, string[]> BadInput() => new()
    {
        { "no TorchScript file", ["--torchscript", "nowhere.pt", "--data", "sphere", "--dim", "10", "--input-shape", "10", "--loss", "square"] },
        { "is not a TorchScript file", ["--torchscript", PyTorchFixture.PathOf("garbage.pt"), "--data", "sphere", "--dim", "10", "--input-shape", "10", "--loss", "square"] },
        { "missing value for argument 'y'", ["--torchscript", PyTorchFixture.PathOf("two-inputs.pt"), "--data", "sphere", "--dim", "4", "--input-shape", "4", "--loss", "square"] },
        { "--input-shape 1,28,27 has 756 values per example, but each --data fashion-mnist example has 784",
            ["--torchscript", PyTorchFixture.PathOf("fashion-cnn.pt"), .. Mini, "--input-shape", "1,28,27", "--loss", "cross-entropy"] },
        { "the model fails on inputs of shape [20, 4, 14, 14]",
            ["--torchscript", PyTorchFixture.PathOf("fashion-cnn.pt"), .. Mini, "--input-shape", "4,14,14", "--loss", "cross-entropy"] },
        { "not both", ["--torchscript", PyTorchFixture.PathOf("mlp.pt"), "--run", "runs/x", "--input-shape", "10", "--loss", "square"] },
        { "not both and not neither", ["--data", "sphere"] },
        { "--loss cross-entropy needs class labels, but --data sphere is a regression data set",
            ["--torchscript", PyTorchFixture.PathOf("mlp.pt"), "--data", "sphere", "--dim", "10", "--input-shape", "10", "--loss", "cross-entropy"] },
        { "unknown curvature matrix 'hessians': use loss, ggn, fisher",
            ["--torchscript", PyTorchFixture.PathOf("mlp.pt"), "--data", "sphere", "--dim", "10", "--input-shape", "10", "--loss", "square", "--matrices", "ggn,hessians"] },
        { "--matrices: name at least one of loss, ggn, fisher",
            ["--torchscript", PyTorchFixture.PathOf("mlp.pt"), "--data", "sphere", "--dim", "10", "--input-shape", "10", "--loss", "square", "--matrices", ","] },
        { "--torchscript needs --input-shape", ["--torchscript", PyTorchFixture.PathOf("mlp.pt"), "--data", "sphere", "--dim", "10", "--loss", "square"] },
        { "--input-shape, --loss apply to --torchscript only", ["--run", "runs/x", "--input-shape", "10", "--loss", "square"] },
    };

    private static string[] Mini => ["--data", "fashion-mnist", "--data-dir", Data.DataFiles.MiniFashionMnist, "--examples", "20"];

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineExitTwoAndLeavesNothing(string mention, string[] args)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, Timeout, ["hessian", .. args]);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.True(r.StderrLines.Length == 1, r.Stderr);
        Assert.StartsWith("netgeo: ", r.StderrLines[0]);
        Assert.Contains(mention, r.StderrLines[0]);
        Assert.Empty(r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "a run directory was left behind");
    }
}

using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

public class NtkCliTests
{
    [Fact]
    public void NtkAtInitializationPrintsOneJsonLineAndWritesPlotsAndArrays()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "ntk", "--model", "mlp", "--widths", "64", "--depth", "3", "--parameterization", "ntk",
            "--data", "sphere", "--dim", "6", "--examples", "40", "--save-npy", "--json", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        var root = json.RootElement;
        Assert.Equal("structured", root.GetProperty("method").GetString());
        Assert.Equal(40, root.GetProperty("examples").GetDouble());
        double lambdaMin = root.GetProperty("lambda_min").GetDouble(), lambdaMax = root.GetProperty("lambda_max").GetDouble();
        Assert.True(lambdaMin > 0 && lambdaMax > lambdaMin);
        Assert.Equal(lambdaMax / lambdaMin, root.GetProperty("condition_number").GetDouble(), 6);
        Assert.Contains("arc-cosine", root.GetProperty("limit").GetString());
        Assert.True(root.GetProperty("limit_relative_frobenius").GetDouble() is > 0 and < 0.5);
        var runDir = root.GetProperty("run_dir").GetString()!;
        foreach (var file in new[] { "spec.json", "results.sqlite", "plots/ntk_spectrum.png", "plots/ntk_heatmap.png", "kernel.npy", "eigenvalues.npy" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), file);
        // kernel.npy: a 40 x 40 float64 array after a header padded to 64 bytes.
        var npy = File.ReadAllBytes(Path.Combine(runDir, "kernel.npy"));
        Assert.Equal(0x93, npy[0]);
        int headerLength = BitConverter.ToUInt16(npy, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Contains("'shape': (40, 40)", System.Text.Encoding.ASCII.GetString(npy, 10, headerLength));
        Assert.Equal(10 + headerLength + 40 * 40 * 8, npy.Length);
    }

    [Fact]
    public void NtkFromACheckpointDiffersFromInitializationAndMatrixFreeAgreesWithTheStoredSpectrum()
    {
        using var dir = new TempFolder();
        var train = Netgeo.Run(dir.Path, "train", "--model", "two-layer-relu", "--widths", "200", "--data", "sphere", "--train", "30",
            "--dim", "5", "--optimizer", "gd", "--lr", "1", "--steps", "50", "--checkpoints", "every:25", "--json", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var runDir = JsonDocument.Parse(train.StdoutLines[^1]).RootElement.GetProperty("run_dir").GetString()!;

        JsonElement Ntk(params string[] extra)
        {
            var r = Netgeo.Run(dir.Path, new[] { "ntk", "--from-run", runDir, "--examples", "30", "--json", "--threads", "1" }.Concat(extra).ToArray());
            Assert.True(r.ExitCode == 0, r.Stderr);
            return JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement.Clone();
        }
        var start = Ntk("--step", "0");
        var end = Ntk();
        var matrixFree = Ntk("--matrix-free", "--tolerance", "1e-9");
        Assert.Contains("step 0", start.GetProperty("source").GetString());
        Assert.Contains("step 50", end.GetProperty("source").GetString());
        Assert.Contains("H-infinity", start.GetProperty("limit").GetString());
        Assert.NotEqual(start.GetProperty("lambda_min").GetDouble(), end.GetProperty("lambda_min").GetDouble());
        Assert.Equal(end.GetProperty("lambda_max").GetDouble(), matrixFree.GetProperty("lambda_max").GetDouble(), 1e-7);
        Assert.Equal(end.GetProperty("lambda_min").GetDouble(), matrixFree.GetProperty("lambda_min").GetDouble(), 1e-7);
        Assert.Equal(1, matrixFree.GetProperty("converged").GetDouble());
        Assert.Contains("lambda_min by LOBPCG", matrixFree.GetProperty("method").GetString());   // the structured operator's bottom
    }

    [Fact]
    public void ATorchScriptModelsKernelIsTheLibrarysOnTheSameExamplesAndMatrixFreeFindsItsEnds()
    {
        using var dir = new TempFolder();
        string file = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch", "mlp.pt");
        JsonElement Ntk(params string[] extra)
        {
            var r = Netgeo.Run(dir.Path, new[] { "ntk", "--torchscript", file, "--input-shape", "10", "--data", "sphere", "--dim", "10",
                "--examples", "12", "--seed", "4", "--json", "--threads", "1" }.Concat(extra).ToArray());
            Assert.True(r.ExitCode == 0, r.Stderr);
            return JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement.Clone();
        }
        var stored = Ntk("--save-npy");
        Assert.Equal("jacobian", stored.GetProperty("method").GetString());
        Assert.Equal(3, stored.GetProperty("outputs").GetDouble());
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var split = new NetGeometry.Data.DataSpec { Source = "sphere", Dim = 10, Train = 12, Test = 0 }.Load(4);
        using var model = NetGeometry.Models.TorchScriptFile.Load(file);
        var expected = NetGeometry.Kernels.EmpiricalNtk.Compute(model, split.Train.Inputs);
        using var stream = File.OpenRead(Path.Combine(stored.GetProperty("run_dir").GetString()!, "kernel.npy"));
        var (data, shape) = NpyFile.Read(stream);
        var kernel = TorchSharp.torch.tensor(data, shape, TorchSharp.torch.ScalarType.Float64);
        Assert.True((kernel - expected).norm().item<double>() < 1e-10 * expected.norm().item<double>());
        var matrixFree = Ntk("--matrix-free", "--tolerance", "1e-9");
        Assert.Equal(stored.GetProperty("lambda_max").GetDouble(), matrixFree.GetProperty("lambda_max").GetDouble(), 1e-7);
        Assert.Equal(stored.GetProperty("lambda_min").GetDouble(), matrixFree.GetProperty("lambda_min").GetDouble(), 1e-7);
        Assert.DoesNotContain("LOBPCG", matrixFree.GetProperty("method").GetString());   // vector products: Lanczos at both ends
    }

    [Theory]
    [InlineData("missing value for argument 'y'", "two-inputs.pt", "10")]
    [InlineData("shapes cannot be multiplied", "mlp.pt", "2,5")]
    [InlineData("not a TorchScript file", "garbage.pt", "10")]
    [InlineData("has 12 values per example", "mlp.pt", "12")]
    public void AModelThatCannotBeMeasuredIsOneLineAndExitStatusTwo(string mention, string fixture, string shape)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "ntk", "--torchscript", Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch", fixture),
            "--input-shape", shape, "--data", "sphere", "--dim", "10", "--examples", "5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mention, Assert.Single(r.StderrLines));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "no run directory is made for bad input");
    }

    [Theory]
    [InlineData("no run directory", "--from-run", "nowhere")]
    [InlineData("no layer 'layer7'", "--layers", "layer7")]
    [InlineData("unknown NTK method", "--method", "fast")]
    [InlineData("--matrix-free", "--examples", "20000", "--data", "gaussian")]
    [InlineData("--step needs --from-run", "--step", "3")]
    [InlineData("--torchscript needs --input-shape", "--torchscript", "model.pt")]
    [InlineData("--input-shape shapes the examples", "--input-shape", "1,2")]
    public void BadInputIsOneLineAndExitStatusTwo(string mention, params string[] args)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, new[] { "ntk" }.Concat(args).ToArray());
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("netgeo: ", line);
        Assert.Contains(mention, line);
        Assert.Empty(r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "no run directory is made for bad input");
    }

    [Fact]
    public void BenchNtkPrintsTheFiguresThePeerComparisonNeeds()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "ntk", "--n", "30", "--d", "8", "--width", "16", "--depth", "3", "--reps", "2", "--json", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        var root = json.RootElement;
        Assert.Equal("structured", root.GetProperty("method").GetString());
        Assert.Equal(30, root.GetProperty("n").GetInt32());
        foreach (var key in new[] { "seconds", "gflops_per_second", "gemm_gflops_per_second", "flops", "trace_K" })
            Assert.True(root.GetProperty(key).GetDouble() > 0, key);
        // 8*16 + 16*16 + 16 weights: forward 30 p, backward 30 (256 + 16), Grams 30^2 (8+16 + 16+16 + 16+1).
        double expected = 2 * (30.0 * 400 + 30 * 272 + 900 * 73);
        Assert.Equal(expected, root.GetProperty("flops").GetDouble());
    }

    [Fact]
    public void HelpShowsExamples()
    {
        using var dir = new TempFolder();
        Assert.Contains("netgeo ntk --model mlp", Netgeo.Run(dir.Path, "ntk", "--help").Stdout);
        Assert.Contains("netgeo bench ntk --n 1000", Netgeo.Run(dir.Path, "bench", "ntk", "--help").Stdout);
        Assert.Contains("ntk", Netgeo.Run(dir.Path, "bench", "--help").Stdout);
    }
}

using System.Text.Json;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Tests.Data;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// netgeo run and reproduce check every cell before anything is made (the fuzz findings: a bad field left runs/&lt;name&gt;/
/// behind), stream run --json's cell lines as cells end, and let one failing reproduction leave the others to run.
/// </summary>
public sealed class RunPreflightCliTests : IDisposable
{
    private readonly TempFolder dir = new();

    public void Dispose() => dir.Dispose();

    private string RunsFolder => Path.Combine(dir.Path, "runs");

    private const string Mlp = "\"model\": \"mlp\", \"widths\": [4]";
    private const string Sphere = "\"train\": 5, \"dim\": 3";

    /// <summary>A spec of tiny cells; <paramref name="network"/> and <paramref name="data"/> are its sections' fields.</summary>
    private string WriteSpec(string network = Mlp, string data = Sphere, string extra = "")
    {
        var file = dir.File("spec.json");
        File.WriteAllText(file, $$"""
            { "name": "fuzz", "network": { {{network}} }, "data": { {{data}} }, "training": { "optimizer": "gd", "steps": 2 } {{extra}} }
            """);
        return file;
    }

    [Theory]
    [InlineData("\"model\": \"nope\"", Sphere, "unknown model 'nope'")]
    [InlineData(Mlp + ", \"activation\": \"swish\"", Sphere, "unknown activation 'swish'")]
    [InlineData("\"widths\": [0]", Sphere, "network.widths must be positive")]
    [InlineData(Mlp + ", \"depth\": 0", Sphere, "network.depth must be a positive integer")]
    [InlineData(Mlp, "\"train\": 0", "data.train must be positive")]
    [InlineData(Mlp, "\"dim\": 0", "data.dim must be positive")]
    [InlineData(Mlp, "\"train\": 5, \"train\": 0", "Duplicate property 'train'")]
    [InlineData(Mlp, "\"source\": \"csv\", \"csvFile\": \"{dir}/ragged.csv\"", "line 3 has 2 cells, the header has 3")]
    [InlineData(Mlp, "\"source\": \"fashion-mnist\", \"dataDir\": \"{dir}/truncated\", \"train\": 5, \"test\": 4", "truncated")]
    [InlineData(Mlp, "\"source\": \"fashion-mnist\", \"dataDir\": \"{mini}\", \"test\": 4, \"classes\": [12]", "data.classes: 12 is not a class")]
    public void ABadFieldIsOneLineExitTwoAndLeavesNoFolder(string network, string data, string mention)
    {
        File.WriteAllText(dir.File("ragged.csv"), "a,b,y\n1,2,3\n4,5\n");
        WriteTruncatedFashionMnist(Path.Combine(dir.Path, "truncated"));
        var spec = WriteSpec(network, data.Replace("{dir}", dir.Path).Replace("{mini}", DataFiles.MiniFashionMnist));

        var r = Netgeo.Run(dir.Path, "run", spec);

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("netgeo: spec.json: ", line);
        Assert.Contains(mention, line);
        Assert.Empty(r.Stdout);
        Assert.False(Directory.Exists(RunsFolder), "no runs folder is made for bad input");
    }

    [Fact]
    public void EveryProblemOfASweepIsReportedAtOnceOneLineEach()
    {
        var spec = WriteSpec(Mlp + ", \"depth\": 2", extra: """, "sweep": { "network.activation": ["relu", "swish"], "data.dim": [3, 0], "seed": [0, 1] }""");

        var r = Netgeo.Run(dir.Path, "run", spec);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(2, r.StderrLines.Length);
        Assert.StartsWith("netgeo: spec.json, sweep cells activation=relu dim=0 seed=0, activation=relu dim=0 seed=1, " +
            "activation=swish dim=0 seed=0 and 1 more: data.dim must be positive", r.StderrLines[0]);
        Assert.StartsWith("netgeo: spec.json, sweep cells activation=swish dim=3 seed=0, activation=swish dim=3 seed=1: unknown activation",
            r.StderrLines[1]);
        Assert.False(Directory.Exists(RunsFolder));
    }

    [Fact]
    public void AProbeThatCannotMeasureACellIsRefusedBeforeAnyFolder()
    {
        var spec = WriteSpec(Mlp, "\"train\": 5000, \"dim\": 3", """, "sweep": { "training.probes": [["ntk"], ["residual-spectrum"], ["rkhs"], ["loss"]] }""");

        var r = Netgeo.Run(dir.Path, "run", spec);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal(3, r.StderrLines.Length);
        Assert.StartsWith("netgeo: spec.json, sweep cell probes=ntk: the tangent kernel of 5000 examples x 1 outputs has 5000 rows", r.StderrLines[0]);
        Assert.StartsWith("netgeo: spec.json, sweep cell probes=residual-spectrum: the residual-spectrum probe needs network.model two-layer-relu", r.StderrLines[1]);
        Assert.StartsWith("netgeo: spec.json, sweep cell probes=rkhs: the NTK RKHS norm needs the n x n kernel on the training set, and n = 5000", r.StderrLines[2]);
        Assert.False(Directory.Exists(RunsFolder));
    }

    /// <summary>The first cell's JSON line arrives while the second cell still runs; killed then, the cell is stored.</summary>
    [Fact]
    public async Task RunJsonPrintsEachCellsLineAsTheCellEnds()
    {
        var spec = WriteSpec(extra: """, "sweep": { "training.steps": [1, 100000000] }""");
        using var process = Netgeo.Start(dir.Path, "run", spec, "--json", "--threads", "1");
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));

            Assert.NotNull(first);
            Assert.False(process.HasExited, "the first cell's line came before the sweep ended");
            using var json = JsonDocument.Parse(first!);
            Assert.Equal("steps=1", json.RootElement.GetProperty("cell").GetString());
            Assert.Equal("completed", json.RootElement.GetProperty("status").GetString());
            var runDir = json.RootElement.GetProperty("run_dir").GetString()!;
            Assert.True(File.Exists(Path.Combine(runDir, "results.sqlite")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.DoesNotContain("steps=100000000: completed", await stderr);
        var rerun = Netgeo.Run(dir.Path, "run", WriteSpec(extra: """, "sweep": { "training.steps": [1] }"""), "--json");
        Assert.Equal(0, rerun.ExitCode);
        Assert.True(JsonDocument.Parse(Assert.Single(rerun.StdoutLines)).RootElement.GetProperty("reused").GetBoolean(),
            "the cell whose line was printed is in the sweep's store");
    }

    /// <summary>
    /// With every reproduction's sweep locked by another process (this one), the pre-flight passes, then each
    /// reproduction fails on its own: every one is tried and reports its error, and the exit status is 1.
    /// </summary>
    [Fact]
    public void OneFailingReproductionDoesNotStopTheOthers()
    {
        var locks = ReproductionCatalog.All.Select(r =>
        {
            var folder = Path.Combine(RunsFolder, r.Plan(Profile.Quick).Sweep.Name);
            Directory.CreateDirectory(folder);
            return new FileStream(Path.Combine(folder, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }).ToList();
        try
        {
            var r = Netgeo.Run(dir.Path, "reproduce", "--all", "--quick");

            Assert.Equal(1, r.ExitCode);
            var errors = r.StderrLines.Where(l => l.Contains(": error: ")).ToList();
            Assert.Equal(ReproductionCatalog.All.Select(x => x.Name), errors.Select(l => l[..l.IndexOf(':')]));
            Assert.All(errors, l => Assert.Contains("another netgeo process is running the sweep", l));
            Assert.DoesNotContain("   at ", r.Stderr);
        }
        finally
        {
            foreach (var l in locks) l.Dispose();
        }
    }

    /// <summary>The mini Fashion-MNIST with its training images cut to half their bytes (uncompressed, so read first).</summary>
    private static void WriteTruncatedFashionMnist(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var name in DataFiles.FashionMnistFiles)
            File.Copy(Path.Combine(DataFiles.MiniFashionMnist, name + ".gz"), Path.Combine(folder, name + ".gz"));
        var images = DataFiles.Gunzip("train-images-idx3-ubyte");
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), images[..(images.Length / 2)]);
    }
}

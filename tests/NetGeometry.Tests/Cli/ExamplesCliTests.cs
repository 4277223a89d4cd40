using System.Globalization;
using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Experiments;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// netgeo ntk --save-npy says which example each kernel row is (examples.csv), in the CSV file's order (--order file)
/// or shuffled (the default). The network is linear (one weight layer, no bias, NTK parameterization: f(x) = w . x /
/// sqrt(d)), so its kernel is x . x' / d whatever the weights, and every entry is recomputed from the CSV rows.
/// </summary>
public sealed class ExamplesCliTests : IDisposable
{
    private const int Rows = 10, Inputs = 3, Examples = 6;

    private readonly TempFolder dir = new();
    private readonly double[][] x;

    /// <summary>Each test gets a folder holding rows.csv: <see cref="Rows"/> rows of <see cref="Inputs"/> random inputs and a class.</summary>
    public ExamplesCliTests() => x = WriteCsv(Csv);

    private string Csv => Path.Combine(dir.Path, "rows.csv");

    public void Dispose() => dir.Dispose();

    private static double[][] WriteCsv(string path)
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, Inputs).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 6)).ToArray()).ToArray();
        File.WriteAllLines(path, ["a,b,c,y", .. x.Select((row, r) => string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + $",{r % 2}")]);
        return x;
    }

    private (string RunDir, long[] Indices) Ntk(params string[] extra)
    {
        var r = Netgeo.Run(dir.Path, ["ntk", "--model", "mlp", "--widths", "8", "--depth", "1", "--parameterization", "ntk", "--no-bias",
            "--data", "csv", "--csv", Csv, "--examples", $"{Examples}", "--save-npy", "--json", "--threads", "1", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var runDir = JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement.GetProperty("run_dir").GetString()!;
        var lines = File.ReadAllLines(Path.Combine(runDir, NtkRun.ExamplesFile));
        Assert.Equal(ExamplesCsv.Header, lines[0]);
        Assert.Equal(Examples, lines.Length - 1);
        var fields = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(Enumerable.Range(0, Examples).Select(i => $"{i}"), fields.Select(f => f[0]));
        Assert.All(fields, f => Assert.Equal("train", f[1]));
        return (runDir, fields.Select(f => long.Parse(f[2], CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Kernel entry (i, j) is x_a . x_b / d for the CSV rows a, b that examples.csv names.</summary>
    private void AssertKernelOfRows(string runDir, long[] indices)
    {
        using var file = File.OpenRead(Path.Combine(runDir, NtkRun.KernelFile));
        var (kernel, shape) = NpyFile.Read(file);
        Assert.Equal([Examples, Examples], shape);
        for (int i = 0; i < Examples; i++)
            for (int j = 0; j < Examples; j++)
            {
                double expected = x[indices[i]].Zip(x[indices[j]], (a, b) => a * b).Sum() / Inputs;
                Assert.True(Math.Abs(kernel[i * Examples + j] - expected) <= 1e-12 * (1 + Math.Abs(expected)),
                    $"K[{i}, {j}] = {kernel[i * Examples + j]}, rows {indices[i]} and {indices[j]} give {expected}");
            }
    }

    private static JsonElement DataOf(string runDir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "spec.json"))).RootElement.GetProperty("data").Clone();

    [Fact]
    public void File_order_kernel_rows_are_the_first_csv_rows()
    {
        var (runDir, indices) = Ntk("--order", "file");
        Assert.Equal([0, 1, 2, 3, 4, 5], indices);
        AssertKernelOfRows(runDir, indices);
        Assert.Equal("file", DataOf(runDir).GetProperty("order").GetString());
    }

    [Fact]
    public void Shuffled_kernel_rows_are_the_csv_rows_examples_csv_names()
    {
        var (runDir, indices) = Ntk("--seed", "3");
        Assert.Equal(Examples, indices.Distinct().Count());
        Assert.All(indices, r => Assert.InRange(r, 0, Rows - 1));
        Assert.NotEqual([0, 1, 2, 3, 4, 5], indices);
        AssertKernelOfRows(runDir, indices);
        Assert.False(DataOf(runDir).TryGetProperty("order", out _), "the default order is left out of spec.json, so cell keys stay as they were");
        var (explicitDir, explicitIndices) = Ntk("--seed", "3", "--order", "shuffled");
        Assert.Equal(indices, explicitIndices);
        Assert.False(DataOf(explicitDir).TryGetProperty("order", out _), "--order shuffled is the default, written as nothing");
    }

    [Theory]
    [InlineData("unknown --order 'sorted'", "--data", "csv", "--csv", "rows.csv", "--order", "sorted")]
    [InlineData("--order applies to --data csv only", "--data", "sphere", "--order", "file")]
    public void A_bad_order_is_one_line_and_exit_status_two(string mention, params string[] args)
    {
        var r = Netgeo.Run(dir.Path, ["ntk", .. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mention, Assert.Single(r.StderrLines));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "runs")), "no run directory is made for bad input");
    }
}

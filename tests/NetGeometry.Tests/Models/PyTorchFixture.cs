using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Experiments;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Models;

/// <summary>
/// One model exported by tests/fixtures/pytorch/export.py: its files (TorchScript, state dict, inputs, targets,
/// labels, a direction v) and PyTorch's own values from its JSON.
/// </summary>
public sealed class PyTorchFixture
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    private readonly JsonElement values;

    public PyTorchFixture(string name)
    {
        Name = name;
        values = JsonDocument.Parse(File.ReadAllText(PathOf(name + ".json"))).RootElement;
    }

    public string Name { get; }
    public string TorchScript => PathOf(Name + ".pt");
    public string StateDict => PathOf(Name + ".state.pt");

    public Tensor Inputs() => Array(Name + ".inputs.npy");
    public Tensor Direction() => Array(Name + ".v.npy");

    /// <summary>The targets the loss takes: int64 labels for cross-entropy, n x outputs for the square loss.</summary>
    public Tensor Targets(string loss) => loss == "cross-entropy" ? Array(Name + ".labels.npy").to(ScalarType.Int64) : Array(Name + ".targets.npy");

    public (string Name, long[] Shape)[] Parameters() => values.GetProperty("parameters").EnumerateArray()
        .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray()))
        .ToArray();

    public double Value(string loss, string key) => values.GetProperty("losses").GetProperty(loss).GetProperty(key).GetDouble();

    public Tensor Gradient(string loss) =>
        tensor(values.GetProperty("losses").GetProperty(loss).GetProperty("gradient").EnumerateArray().Select(e => e.GetDouble()).ToArray(), ScalarType.Float64);

    public (int I, int J, double Value)[] NtkEntries() => values.GetProperty("ntk_output0").EnumerateArray()
        .Select(e => (e.GetProperty("i").GetInt32(), e.GetProperty("j").GetInt32(), e.GetProperty("value").GetDouble()))
        .ToArray();

    /// <summary>The fixture's data in batches of <paramref name="size"/> (the last may be smaller).</summary>
    public IReadOnlyList<Batch> Batches(string loss, long size) => Batch.Split(Inputs(), Targets(loss), size);

    private static Tensor Array(string file)
    {
        using var stream = File.OpenRead(PathOf(file));
        var (data, shape) = NpyFile.Read(stream);
        return tensor(data, shape, ScalarType.Float64);
    }

    public static double Relative(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);

    public static double Relative(Tensor actual, Tensor expected)
    {
        using var difference = actual.sub(expected);
        return difference.norm().item<double>() / expected.norm().item<double>();
    }
}

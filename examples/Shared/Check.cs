using NetGeometry.Data;
using static TorchSharp.torch;

/// <summary>
/// What the examples share: comparing a value with its dense reference (each comparison printed), the exit status
/// (0 with a last line "ok &lt;example&gt;" when every comparison held, 1 otherwise) and the PyTorch fixtures
/// (tests/fixtures/pytorch/, copied beside the example's dll in fixtures/).
/// </summary>
internal static class Check
{
    private static int failures;

    /// <summary>|actual - expected| &lt;= tolerance |expected|.</summary>
    public static void Close(string what, double actual, double expected, double tolerance)
    {
        double relative = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), double.Epsilon);
        That($"{what}: {actual:G12} vs {expected:G12} (relative difference {relative:E1}, allowed {tolerance:E0})", relative <= tolerance);
    }

    /// <summary>Relative difference of two tensors in the Frobenius norm, ||actual - expected|| &lt;= tolerance ||expected||.</summary>
    public static void Close(string what, Tensor actual, Tensor expected, double tolerance)
    {
        double relative = actual.sub(expected).norm().item<double>() / expected.norm().item<double>();
        That($"{what}: relative difference {relative:E1} (allowed {tolerance:E0})", relative <= tolerance);
    }

    public static void That(string what, bool holds)
    {
        Console.WriteLine($"{(holds ? "  pass" : "  FAIL")}  {what}");
        if (!holds) failures++;
    }

    /// <summary>The exit status: 0 and "ok name" if every check held.</summary>
    public static int Done(string name)
    {
        Console.WriteLine(failures == 0 ? $"ok {name}" : $"FAILED {name}: {failures} check(s) did not hold");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>A file of tests/fixtures/pytorch/ (written by export.py with PyTorch 1.13).</summary>
    public static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "fixtures", file);

    /// <summary>A fixture's .npy array as a float64 tensor.</summary>
    public static Tensor Npy(string file)
    {
        using var stream = File.OpenRead(Fixture(file));
        var (values, shape) = NpyFile.Read(stream);
        return tensor(values, shape, ScalarType.Float64);
    }
}

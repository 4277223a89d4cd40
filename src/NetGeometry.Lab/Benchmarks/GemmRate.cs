using static TorchSharp.torch;

namespace NetGeometry.Benchmarks;

/// <summary>
/// The machine's dense matrix-product rate through libtorch, in the process and with the threads of the benchmark it
/// accompanies: a float64 product of two random Size x Size matrices, 2 Size^3 floating-point operations.
/// </summary>
internal sealed class GemmRate : IDisposable
{
    public const int DefaultSize = 2048;

    private readonly Tensor a, b;

    public GemmRate(int size = DefaultSize, ScalarType dtype = ScalarType.Float64)
    {
        Size = size;
        using var g = Engine.Seeds.Generator(size);
        a = randn(size, size, generator: g, dtype: dtype, device: Engine.TorchRuntime.Device);
        b = randn(size, size, generator: g, dtype: dtype, device: Engine.TorchRuntime.Device);
    }

    public int Size { get; }
    public double Flops => 2.0 * Size * Size * Size;

    /// <summary>One product (what the benchmark times).</summary>
    public void Run()
    {
        using var c = a.mm(b);
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
    }
}

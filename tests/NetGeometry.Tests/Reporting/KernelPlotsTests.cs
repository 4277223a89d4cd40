using System.Buffers.Binary;
using NetGeometry.Reporting;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Reporting;

public class KernelPlotsTests
{
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void TheSpectrumPlotSkipsNonPositiveEigenvaluesAndDrawsBothSpectra()
    {
        var png = KernelPlots.SpectrumPng("spectrum", new[]
        {
            ("empirical", new[] { 10.0, 1, 0.1, 0, -1e-15 }),
            ("limit", new[] { 9.0, 1.1, 0.2, 0.01, 0.001 }),
        });
        Assert.Equal((KernelPlots.Width, KernelPlots.Height), PngSize(png));
    }

    [Fact]
    public void AFullKernelLargerThanTheHeatmapIsAveragedDownAndOrderedByClass()
    {
        // 400 examples x 2 outputs = 800 rows > 600 cells a side.
        using var g = NetGeometry.Engine.Seeds.Generator(1);
        using var a = randn(800, 5, generator: g, dtype: float64);
        using var kernel = a.mm(a.t());
        using var labels = randint(0, 4, new long[] { 400 }, generator: g, dtype: int64);
        var png = KernelPlots.HeatmapPng("heatmap", kernel, labels);
        Assert.Equal((KernelPlots.Width, KernelPlots.Height), PngSize(png));
        Assert.Throws<ArgumentException>(() => KernelPlots.HeatmapPng("bad", kernel, labels.narrow(0, 0, 300)));
    }
}

using System.Text;
using NetGeometry.Data;
using NetGeometry.Experiments;

namespace NetGeometry.Tests.Experiments;

public sealed class NpyFileTests
{
    private static byte[] Write(double[] values, long[] shape)
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, values, shape);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(new long[] { 5 }, "(5,)")]
    [InlineData(new long[] { 2, 3 }, "(2, 3)")]
    public void Float64ArraysOfRankOneAndTwoRoundTripWithNumpysHeader(long[] shape, string shapeText)
    {
        var values = Enumerable.Range(0, (int)shape.Aggregate(1L, (n, d) => n * d)).Select(i => i * -1.25 + 1e-300).ToArray();
        values[0] = double.NaN;

        var bytes = Write(values, shape);

        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes.Take(8));
        int headerLength = bytes[8] | bytes[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shapeText}, }}", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + values.Length * 8, bytes.Length);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-1.25 + 1e-300), BitConverter.ToInt64(bytes, 10 + headerLength + 8));  // little-endian, row-major

        var (read, readShape) = NpyFile.Read(new MemoryStream(bytes));
        Assert.Equal(shape, readShape);
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), read.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void ATensorIsWrittenAsFloat64InRowMajorOrder()
    {
        using var tensor = TorchSharp.torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        using var stream = new MemoryStream();
        NpyFile.Write(stream, tensor);
        var (values, shape) = NpyFile.Read(new MemoryStream(stream.ToArray()));
        Assert.Equal([3L, 2L], shape);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], values);
    }

    [Fact]
    public void ValuesThatDoNotFillTheShapeAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Write([1, 2, 3], [2, 2]));
    }
}

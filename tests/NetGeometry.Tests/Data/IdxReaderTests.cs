using System.Buffers.Binary;
using NetGeometry.Data;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class IdxReaderTests
{
    /// <summary>An IDX file: magic 0 0 type rank, big-endian dimensions, then the given data bytes.</summary>
    private static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var file = new byte[4 + 4 * dims.Length + data.Length];
        file[2] = type; file[3] = (byte)dims.Length;
        for (int k = 0; k < dims.Length; k++) BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 + 4 * k), dims[k]);
        data.CopyTo(file, 4 + 4 * dims.Length);
        return file;
    }

    private static InputException ReadFails(byte[] content, string name = "broken-idx1-ubyte")
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File(name), content);
        var e = Assert.Throws<InputException>(() => IdxReader.Read(dir.File(name)));
        Assert.Contains(name, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void Reads_big_endian_int16_and_float64_with_their_shape()
    {
        using var dir = new TempDirectory();
        var shorts = new byte[12];
        short[] expectedShorts = [1, -2, 300, -32768, 32767, 0];
        for (int i = 0; i < 6; i++) BinaryPrimitives.WriteInt16BigEndian(shorts.AsSpan(2 * i), expectedShorts[i]);
        File.WriteAllBytes(dir.File("s"), Idx(0x0B, [2, 3], shorts));
        var doubles = new byte[16];
        BinaryPrimitives.WriteDoubleBigEndian(doubles, Math.PI);
        BinaryPrimitives.WriteDoubleBigEndian(doubles.AsSpan(8), -1e-300);
        File.WriteAllBytes(dir.File("d.gz"), DataFiles.Gzip(Idx(0x0E, [2], doubles)));

        var s = IdxReader.Read(dir.File("s"));
        Assert.Equal(IdxElementType.Int16, s.ElementType);
        Assert.Equal([2L, 3L], s.Shape);
        using var st = s.ToTensor();
        Assert.Equal(ScalarType.Int16, st.dtype);
        Assert.Equal(expectedShorts, st.data<short>().ToArray());
        using var dt = IdxReader.Read(dir.File("d.gz")).ToTensor();
        Assert.Equal(ScalarType.Float64, dt.dtype);
        Assert.Equal([Math.PI, -1e-300], dt.data<double>().ToArray());
    }

    [Fact]
    public void Plain_and_gzipped_files_give_identical_tensors_whatever_their_names()
    {
        using var dir = new TempDirectory();
        var plain = DataFiles.Gunzip("train-images-idx3-ubyte");
        File.WriteAllBytes(dir.File("images.gz"), plain); // plain content under a .gz name
        File.Copy(Path.Combine(DataFiles.MiniFashionMnist, "train-images-idx3-ubyte.gz"), dir.File("images.idx"));
        using var a = IdxReader.Read(dir.File("images.gz")).ToTensor();
        using var b = IdxReader.Read(dir.File("images.idx")).ToTensor();
        Assert.Equal(new long[] { 32, 28, 28 }, a.shape);
        Assert.True(TensorAssert.Same(a, b));
    }

    [Fact]
    public void A_truncated_data_section_is_reported_with_the_byte_counts()
    {
        var e = ReadFails(Idx(0x08, [10, 4], new byte[7]));
        Assert.Contains("truncated: expected 40 bytes of data", e.Message);
        Assert.Contains("found 7", e.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_is_one_line_naming_the_file()
    {
        var gz = File.ReadAllBytes(Path.Combine(DataFiles.MiniFashionMnist, "t10k-images-idx3-ubyte.gz"));
        ReadFails(gz[..(gz.Length / 2)], "t10k-images-idx3-ubyte.gz");
    }

    [Fact]
    public void A_truncated_header_is_reported()
    {
        Assert.Contains("truncated: the header declares 3 dimensions", ReadFails(Idx(0x08, [5, 2, 2], [])[..10]).Message);
    }

    [Fact]
    public void A_file_that_is_not_IDX_is_rejected()
    {
        Assert.Contains("not an IDX file", ReadFails("label,x\n1,2\n"u8.ToArray()).Message);
    }

    [Fact]
    public void An_unknown_element_type_is_rejected()
    {
        Assert.Contains("unknown IDX element type 0x0a", ReadFails(Idx(0x0A, [1], [0])).Message);
    }

    [Fact]
    public void Bytes_after_the_declared_data_are_rejected()
    {
        Assert.Contains("continues after the 2 bytes", ReadFails(Idx(0x08, [2], [1, 2, 3])).Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<InputException>(() => IdxReader.Read("/nonexistent/t10k-labels-idx1-ubyte"));
        Assert.Contains("/nonexistent/t10k-labels-idx1-ubyte", e.Message);
    }
}

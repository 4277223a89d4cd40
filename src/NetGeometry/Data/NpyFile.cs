using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// NumPy's .npy format, version 1.0, for float64 arrays (kernels, eigenvalues, weights), so that Python reads them
/// with numpy.load. The file is the magic "\x93NUMPY", the version bytes 1 0, a little-endian uint16 header length,
/// an ASCII header "{'descr': '&lt;f8', 'fortran_order': False, 'shape': (n, m), }" padded with spaces and ending in
/// "\n" so that the data start at a multiple of 64 bytes, then the values in C (row-major) order, little-endian
/// (numpy.lib.format, "The .npy format" NEP 1).
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int Alignment = 64;

    /// <summary>Writes values of the given shape (row-major; their count must be the shape's product).</summary>
    public static void Write(Stream stream, ReadOnlySpan<double> values, IReadOnlyList<long> shape)
    {
        if (shape.Any(d => d < 0) || shape.Aggregate(1L, (n, d) => n * d) != values.Length)
            throw new ArgumentException($"{values.Length} values do not fill the shape ({string.Join(", ", shape)}).");
        WriteHeader(stream, shape);
        WriteValues(stream, values);
    }

    /// <summary>
    /// Writes a tensor of any dtype and device as float64, a block of <see cref="RowsPerBlock"/> rows at a time, so
    /// that a 20,000 x 20,000 kernel is not copied whole into managed memory.
    /// </summary>
    public static void Write(Stream stream, Tensor tensor)
    {
        WriteHeader(stream, tensor.shape);
        using var flat = tensor.dim() == 0 ? tensor.reshape(1, 1) : tensor.reshape(tensor.shape[0], -1);
        for (long start = 0; start < flat.shape[0]; start += RowsPerBlock)
        {
            using var scope = NewDisposeScope();
            var block = flat.narrow(0, start, Math.Min(RowsPerBlock, flat.shape[0] - start)).detach().to(ScalarType.Float64).cpu().contiguous();
            if (block.numel() > 0) WriteValues(stream, block.data<double>().ToArray());
        }
    }

    private const long RowsPerBlock = 1024;

    private static void WriteHeader(Stream stream, IReadOnlyList<long> shape)
    {
        var dims = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({dims}), }}";
        int unpadded = Magic.Length + 2 + 2 + header.Length + 1;
        header += new string(' ', (Alignment - unpadded % Alignment) % Alignment) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)header.Length));
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
    }

    private static void WriteValues(Stream stream, ReadOnlySpan<double> values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        stream.Write(bytes);
    }

    /// <summary>Reads a version 1.0 float64 C-order .npy file (what <see cref="Write(Stream, ReadOnlySpan{double}, IReadOnlyList{long})"/> writes).</summary>
    public static (double[] Values, long[] Shape) Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true);
        if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic)) throw new InvalidDataException("not a .npy file (no \\x93NUMPY magic).");
        var version = reader.ReadBytes(2);
        if (version[0] != 1) throw new InvalidDataException($".npy version {version[0]}.{version[1]} is not read here (only 1.0).");
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(reader.ReadBytes(2));
        var header = Encoding.ASCII.GetString(reader.ReadBytes(headerLength));
        var match = HeaderPattern().Match(header);
        if (!match.Success) throw new InvalidDataException($"a .npy header this reader does not take (float64, C order): {header.Trim()}");
        var shape = match.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var count = shape.Aggregate(1L, (n, d) => n * d);
        var bytes = reader.ReadBytes(checked((int)(count * sizeof(double))));
        if (bytes.Length != count * sizeof(double)) throw new InvalidDataException($"the .npy file ends after {bytes.Length / sizeof(double)} of {count} values.");
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)));
        return (values, shape);
    }

    [GeneratedRegex(@"^\{'descr': '<f8', 'fortran_order': False, 'shape': \((?<shape>[0-9, ]*)\), \} *\n$")]
    private static partial Regex HeaderPattern();
}

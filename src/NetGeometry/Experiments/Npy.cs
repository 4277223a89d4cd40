using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace NetGeometry.Experiments;

/// <summary>
/// Writes a tensor as a NumPy .npy file (format version 1.0: the magic "\x93NUMPY", a little-endian header length,
/// a Python-literal header padded to a multiple of 64 bytes, then the raw values in C order), float64 little-endian,
/// atomically (<see cref="AtomicFile"/>). Large tensors are streamed a block of rows at a time.
/// </summary>
public static class Npy
{
    private const long RowsPerBlock = 1024;

    public static void Write(string path, Tensor values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException(".npy export assumes a little-endian machine.");
        var shape = values.shape;
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Header(shape));
            using var flat = values.dim() == 0 ? values.reshape(1, 1) : values.reshape(values.shape[0], -1);
            for (long start = 0; start < flat.shape[0]; start += RowsPerBlock)
            {
                using var block = flat.narrow(0, start, Math.Min(RowsPerBlock, flat.shape[0] - start)).to(float64).cpu().contiguous();
                if (block.numel() == 0) continue;
                stream.Write(MemoryMarshal.AsBytes(block.data<double>().ToArray().AsSpan()));
            }
        });
    }

    private static byte[] Header(long[] shape)
    {
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({dims}), }}";
        const int prefix = 10;                                      // magic (6) + version (2) + header length (2)
        int padded = (prefix + dict.Length + 1 + 63) / 64 * 64;     // + '\n', to a multiple of 64
        var header = dict.PadRight(padded - prefix - 1) + "\n";
        var bytes = new byte[padded];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 1;
        bytes[7] = 0;
        BitConverter.GetBytes((ushort)header.Length).CopyTo(bytes, 8);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, prefix);
        return bytes;
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// The content of one IDX file: its element type, its dimensions and its elements in row-major order, already in
/// this machine's byte order (as a byte[], sbyte[], short[], int[], float[] or double[] matching the type).
/// </summary>
internal sealed class IdxArray
{
    private IdxArray(IdxElementType elementType, long[] shape, Array values)
    {
        ElementType = elementType; Shape = shape; Values = values;
    }

    public IdxElementType ElementType { get; }
    /// <summary>The dimensions from the header, outermost first.</summary>
    public IReadOnlyList<long> Shape { get; }
    /// <summary>The elements in row-major order.</summary>
    public Array Values { get; }

    /// <summary>A tensor of the file's shape and natural dtype (uint8, int8, int16, int32, float32 or float64), made
    /// in one call from the element array.</summary>
    public Tensor ToTensor()
    {
        var shape = Shape.ToArray();
        return Values switch
        {
            byte[] v => tensor(v, shape),
            sbyte[] v => tensor(v, shape),
            short[] v => tensor(v, shape),
            int[] v => tensor(v, shape),
            float[] v => tensor(v, shape),
            double[] v => tensor(v, shape),
            _ => throw new InvalidOperationException($"unexpected element array {Values.GetType().Name}."),
        };
    }

    /// <summary>Wraps the raw big-endian data section of a file of the given type and shape.</summary>
    internal static IdxArray FromBigEndian(IdxElementType type, long[] shape, byte[] data) => new(type, shape, type switch
    {
        IdxElementType.UnsignedByte => data,
        IdxElementType.SignedByte => Decode<sbyte>(data, 1),
        IdxElementType.Int16 => Decode<short>(data, 2),
        IdxElementType.Int32 => Decode<int>(data, 4),
        IdxElementType.Float32 => Decode<float>(data, 4),
        IdxElementType.Float64 => Decode<double>(data, 8),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    });

    private static T[] Decode<T>(byte[] data, int size) where T : unmanaged
    {
        var values = new T[data.Length / size];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        data.CopyTo(bytes);
        if (BitConverter.IsLittleEndian)
        {
            switch (size)
            {
                case 2: var s = MemoryMarshal.Cast<byte, short>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break;
                case 4: var i = MemoryMarshal.Cast<byte, int>(bytes); BinaryPrimitives.ReverseEndianness(i, i); break;
                case 8: var l = MemoryMarshal.Cast<byte, long>(bytes); BinaryPrimitives.ReverseEndianness(l, l); break;
            }
        }
        return values;
    }
}

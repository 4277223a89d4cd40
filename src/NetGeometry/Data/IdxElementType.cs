namespace NetGeometry.Data;

/// <summary>
/// The element types of the IDX format (LeCun &amp; Cortes, the MNIST file format): the third byte of the magic
/// number. Multi-byte elements are stored big-endian.
/// </summary>
internal enum IdxElementType : byte
{
    /// <summary>Unsigned byte (what MNIST and Fashion-MNIST use).</summary>
    UnsignedByte = 0x08,
    SignedByte = 0x09,
    /// <summary>Big-endian 16-bit integer.</summary>
    Int16 = 0x0B,
    /// <summary>Big-endian 32-bit integer.</summary>
    Int32 = 0x0C,
    /// <summary>Big-endian IEEE 754 single precision.</summary>
    Float32 = 0x0D,
    /// <summary>Big-endian IEEE 754 double precision.</summary>
    Float64 = 0x0E,
}

internal static class IdxElementTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Float32 => 4,
        IdxElementType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool IsDefined(byte code) => Enum.IsDefined(typeof(IdxElementType), code);
}

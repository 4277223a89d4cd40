using System.Buffers.Binary;
using System.IO.Compression;
using NetGeometry.Engine;

namespace NetGeometry.Data;

/// <summary>
/// Reads IDX files (LeCun &amp; Cortes, the MNIST file format): a magic number 0x00 0x00 type rank, rank big-endian
/// int32 dimensions, then the elements in row-major order. Files may be plain or gzip-compressed; compression is
/// detected from the content (the gzip magic 0x1f 0x8b), not from the name. A missing, truncated or corrupt file
/// raises an <see cref="InputException"/> whose one-line message starts with the file's path.
/// </summary>
internal static class IdxReader
{
    private const string Replace = "replace the file with a complete copy";

    public static IdxArray Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            bool gzipped = IsGzip(file);
            using var content = gzipped ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            return Read(content, path, gzipped, file.Length);
        }
        catch (FileNotFoundException)
        {
            throw new InputException($"{path}: no such file; check the path.");
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"{path}: corrupt gzip data ({OneLine(e.Message)}); {Replace}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the file ({OneLine(e.Message)}); check that it exists and is readable.");
        }
    }

    /// <summary>Whether the stream starts with the gzip magic number; leaves the stream at its start.</summary>
    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static IdxArray Read(Stream content, string path, bool gzipped, long fileLength)
    {
        Span<byte> magic = stackalloc byte[4];
        int read = content.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        Require(read == 4, path, $"truncated: an IDX file starts with a 4-byte magic number, found {read} bytes; {Replace}.");
        Require(magic[0] == 0 && magic[1] == 0, path,
            $"not an IDX file: {(gzipped ? "its gunzipped content" : "it")} starts with 0x{magic[0]:x2} 0x{magic[1]:x2} instead of 0x00 0x00; give an IDX file, plain or gzipped.");
        Require(IdxElementTypes.IsDefined(magic[2]), path,
            $"unknown IDX element type 0x{magic[2]:x2}; the format defines 0x08, 0x09, 0x0B, 0x0C, 0x0D and 0x0E.");
        var type = (IdxElementType)magic[2];
        int rank = magic[3];
        Require(rank > 0, path, "the header declares rank 0 (no dimensions); the header is corrupt.");

        var header = new byte[4 * rank];
        read = content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        Require(read == header.Length, path, $"truncated: the header declares {rank} dimensions but holds {read / 4}; {Replace}.");
        var shape = new long[rank];
        for (int k = 0; k < rank; k++)
        {
            shape[k] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * k));
            Require(shape[k] >= 0, path, $"dimension {k + 1} is {shape[k]}; the header is corrupt.");
        }

        string described = $"[{string.Join(", ", shape)}] {type}";
        long bytes = type.Size();
        foreach (long n in shape)
        {
            bytes *= n;
            Require(bytes <= Array.MaxLength, path, $"the header declares {described} elements, more than one array can hold; the header may be corrupt.");
        }
        string Truncated(long found) => $"truncated: expected {bytes} bytes of data ({described}), found {found}; {Replace}.";
        // A plain file's length tells a truncation before anything is allocated.
        long present = gzipped ? bytes : fileLength - 4 - header.Length;
        Require(present >= bytes, path, Truncated(present));

        var data = new byte[bytes];
        read = content.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        Require(read == bytes, path, Truncated(read));
        Require(content.ReadByte() < 0, path,
            $"the file continues after the {bytes} bytes of data its header declares ({described}); the header or the file is corrupt.");
        return IdxArray.FromBigEndian(type, shape, data);
    }

    private static void Require(bool condition, string path, string problem) =>
        InputException.Require(condition, $"{path}: {problem}");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}

using System.Text;

namespace NetGeometry.Experiments;

/// <summary>
/// Writes a file all at once or not at all: the content goes to a temporary file in the same folder, is flushed to
/// disk, and then renamed over the target. A process killed at any moment leaves the old content (or no file) or the
/// new content, never a part of it; at worst a stray ".*.tmp" file stays behind.
/// </summary>
internal static class AtomicFile
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream; the folder must exist.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Replaces <paramref name="path"/> with UTF-8 text (no byte-order mark) that <paramref name="write"/> writes.</summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, Utf8, leaveOpen: true);
        write(writer);
    });

    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> in UTF-8 (no byte-order mark).</summary>
    public static void WriteAllText(string path, string text) => WriteText(path, writer => writer.Write(text));

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));
}

namespace NetGeometry.Data;

/// <summary>
/// How far the download of one file has come: reported once when the mirror answers (0 bytes), as bytes arrive, and
/// once with <see cref="Done"/> set when the file is checked and in place.
/// </summary>
/// <param name="File">The file's name.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Received">Bytes received so far.</param>
/// <param name="Total">The file's size when the server said it, otherwise null.</param>
/// <param name="Done">The file arrived, its checksum matched, and it is in place.</param>
public sealed record DownloadProgress(string File, Uri Source, long Received, long? Total, bool Done);

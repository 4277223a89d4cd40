namespace NetGeometry.Experiments;

/// <summary>
/// Keeps what the one-line message of an unexpected failure leaves out: the exception's type, message, inner
/// exceptions and stack trace, written to error.txt in the folder of the run or reproduction it stopped, for a
/// bug report.
/// </summary>
internal static class ErrorLog
{
    public const string FileName = "error.txt";

    /// <summary>Writes <paramref name="error"/> in full to <paramref name="folder"/>/error.txt and returns the file's path,
    /// or null when the folder does not exist or cannot be written (the one-line message still says what failed).</summary>
    public static string? Write(string folder, Exception error)
    {
        if (!Directory.Exists(folder)) return null;
        var path = Path.Combine(folder, FileName);
        try
        {
            AtomicFile.WriteText(path, writer => writer.Write(error.ToString()));
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using NetGeometry.Engine;

namespace NetGeometry.Experiments;

/// <summary>
/// The folder a command writes its runs/ folder under (--out), checked before any work starts: every command that
/// writes calls <see cref="RequireWritable"/> first, so that an unwritable --out costs one line, not a computation.
/// </summary>
internal static class OutputRoot
{
    /// <summary>
    /// Returns the absolute <paramref name="root"/> if &lt;root&gt;/runs can be created (or exists) and written; else
    /// an <see cref="InputException"/> says why. It creates no folder: it tries the nearest folder that exists
    /// (<see cref="CannotWrite"/>).
    /// </summary>
    public static string RequireWritable(string root)
    {
        var full = Path.GetFullPath(root);
        var existing = Path.Combine(full, RunDirectory.RunsFolder);
        while (!Directory.Exists(existing))
        {
            InputException.Require(!File.Exists(existing), $"{InputField.Of(nameof(root))} {root}: {existing} is a file, not a folder; choose a folder you can write to.");
            existing = Path.GetDirectoryName(existing)!;  // the file-system root exists, so this ends
        }
        if (CannotWrite(existing) is { } reason)
            throw new InputException($"{InputField.Of(nameof(root))} {root}: cannot write in {existing} ({reason}); choose a folder you can write to.");
        return full;
    }

    /// <summary>
    /// Why no file can be written in the existing <paramref name="folder"/>, or null when one can: it writes one empty
    /// file there and deletes it at once, the only test that read-only file systems and access rules both answer.
    /// </summary>
    public static string? CannotWrite(string folder)
    {
        var probe = Path.Combine(folder, $".netgeo-write-test-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "it takes no new files",
                _ => e.Message.Replace($" : '{probe}'", "").Replace(probe, folder),
            };
        }
    }
}

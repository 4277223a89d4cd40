using System.Globalization;
using System.IO.Enumeration;

namespace NetGeometry.Experiments.Retention;

/// <summary>How much a folder holds on disk: the bytes of its files, recursively, and that in words.</summary>
internal static class FolderSize
{
    /// <summary>The summed length of every file under <paramref name="folder"/> (0 when it does not exist). A folder
    /// being written (a sweep whose other cells still run, as run --json measures it) is safe to measure: a file or
    /// folder that goes away meanwhile counts 0.</summary>
    public static long Bytes(string folder) => Directory.Exists(folder)
        ? new FileSystemEnumerable<long>(folder, (ref FileSystemEntry entry) => entry.Length,
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
        }.Sum()
        : 0;

    /// <summary><paramref name="bytes"/> in kB, MB or GB (powers of 1000), with one decimal.</summary>
    public static string Text(long bytes)
    {
        string[] units = ["bytes", "kB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? $"{bytes} bytes" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}

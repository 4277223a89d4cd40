using System.Globalization;

namespace NetGeometry.Engine;

/// <summary>
/// The most memory one request may take: what <see cref="Configure"/> sets (netgeo's --max-memory), by default the
/// memory the machine has available when the library first reads the budget. Code that allocates something whose size the user chose (a kernel, a Jacobian, a network, a dataset)
/// estimates its bytes first and calls <see cref="Require"/>, so a request too large is refused with one line before
/// any work starts instead of failing in the allocator (or, inside libtorch calls that do not catch, aborting).
/// </summary>
public static class MemoryBudget
{
    /// <summary>The budget in bytes: what one request may allocate.</summary>
    public static double Bytes { get; private set; } = Available();

    /// <summary>Sets the budget for the whole process; null restores the default (the memory available now).</summary>
    /// <param name="maxMemory">The budget in bytes, positive and finite, or null.</param>
    /// <exception cref="InputException"><paramref name="maxMemory"/> is not a positive size.</exception>
    public static void Configure(double? maxMemory)
    {
        InputException.Require(maxMemory is null or > 0 && double.IsFinite(maxMemory ?? 1), $"{MaxMemory} must be a positive size, got {maxMemory}.");
        Bytes = maxMemory ?? Available();
    }

    /// <summary>Refuses <paramref name="what"/> (e.g. "a 300000 x 300000 kernel") when its estimated
    /// <paramref name="bytes"/> exceed the budget.</summary>
    internal static void Require(double bytes, string what) =>
        InputException.Require(bytes <= Bytes,
            $"{what} needs about {Format(bytes)}, more than the memory budget of {Format(Bytes)}; use smaller sizes, " +
            $"or raise {MaxMemory} if the machine has the memory.");

    /// <summary><see cref="Configure"/>'s argument, as error messages name it.</summary>
    private static InputField MaxMemory => new("maxMemory");

    /// <summary>The memory available to a new allocation: MemAvailable of /proc/meminfo where there is one, else
    /// what the .NET runtime reports as available to it.</summary>
    public static double Available()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
            foreach (var line in File.ReadLines(meminfo))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                    && double.TryParse(line["MemAvailable:".Length..].Replace("kB", "").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var kilobytes))
                    return kilobytes * 1024;
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Bytes as "1.6 TB", "720 GB", "3.2 MB" (decimal units, three significant digits).</summary>
    internal static string Format(double bytes)
    {
        string[] units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
        int unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{bytes:G3} {units[unit]}");
    }
}

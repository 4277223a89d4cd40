using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// The identity of a sweep cell: SHA-256 (hex) of its resolved run spec, every field written out with its value
/// (defaults included, the name left out, since it does not change the numbers), after a version tag. Two cells
/// with the same key would compute the same numbers, so a finished key is never run again. Bump
/// <see cref="Version"/> when a change of code changes what the same spec computes, to make old cells run anew.
/// </summary>
internal static class CellKey
{
    public const int Version = 1;

    /// <summary>Characters of the key used in folder names: 40 bits are plenty to tell a sweep's cells apart.</summary>
    public const int ShortLength = 10;

    private static readonly JsonSerializerOptions Compact = new(RunSpec.Json) { WriteIndented = false };

    public static string Of(RunSpec spec)
    {
        var canonical = $"netgeo-cell-v{Version}\n" + JsonSerializer.Serialize(spec with { Name = "" }, Compact);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Engine;

/// <summary>
/// Seeded random streams. Every random draw in the library goes through a generator made here, so that the same
/// seed gives the same numbers whatever else ran before. Derived seeds keep independent streams apart
/// (initialization, data, mini-batch order) by mixing a purpose label into the seed.
/// </summary>
internal static class Seeds
{
    /// <summary>A new torch generator seeded with <paramref name="seed"/> (the caller disposes it).</summary>
    public static Generator Generator(long seed) => new Generator((ulong)seed);

    /// <summary>A seed for one purpose derived from a base seed (SplitMix64 of the base and the label's hash).</summary>
    public static long Derive(long seed, string purpose)
    {
        ulong h = 1469598103934665603UL;
        foreach (char c in purpose) h = (h ^ c) * 1099511628211UL;
        ulong z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (h | 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFFUL);
    }
}

using System.Security.Cryptography;

namespace NetGeometry.Data;

/// <summary>
/// One file of a published dataset: its name and the MD5 digests (lower-case hex) of the copies known to be good.
/// A file whose digest is not among them is damaged or another file, and is never used.
/// </summary>
internal sealed record PublishedFile(string Name, IReadOnlyList<string> GoodMd5s)
{
    /// <summary>Whether <paramref name="md5"/> (lower-case hex) is the digest of a good copy.</summary>
    public bool IsGood(string md5) => GoodMd5s.Contains(md5);

    /// <summary>Whether the file at <paramref name="path"/> exists and is a good copy.</summary>
    public bool IsGoodAt(string path)
    {
        if (!File.Exists(path)) return false;
        using var stream = File.OpenRead(path);
        return IsGood(Convert.ToHexStringLower(MD5.HashData(stream)));
    }
}

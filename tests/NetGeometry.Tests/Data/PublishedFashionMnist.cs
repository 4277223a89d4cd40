using System.Buffers.Binary;
using System.Text;

namespace NetGeometry.Tests.Data;

/// <summary>
/// The four Fashion-MNIST files byte for byte as Zalando publishes them, rebuilt from Debian's package: Debian's .gz
/// files hold the same deflate stream under a shorter gzip header (no file name, the time of repackaging). Putting
/// back Zalando's header (the file-name flag, its modification time, the name) gives files whose MD5 digests are the
/// published ones, so a test can serve the real dataset without the internet.
/// </summary>
internal static class PublishedFashionMnist
{
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The published MD5 digests (Zalando's README), by file name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Md5s = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte.gz"] = "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        ["train-labels-idx1-ubyte.gz"] = "25c81989df183df01b3e8a0aad5dffbe",
        ["t10k-images-idx3-ubyte.gz"] = "bef4ecab320f06d8554ea6380940ec79",
        ["t10k-labels-idx1-ubyte.gz"] = "bb300cfdad3c16e7a12a480ee83cd310",
    };

    /// <summary>The gzip modification times of Zalando's files (Unix seconds, 2017-08-31).</summary>
    private static readonly IReadOnlyDictionary<string, uint> ModificationTimes = new Dictionary<string, uint>
    {
        ["train-images-idx3-ubyte.gz"] = 1504176606,
        ["train-labels-idx1-ubyte.gz"] = 1504176606,
        ["t10k-images-idx3-ubyte.gz"] = 1504176627,
        ["t10k-labels-idx1-ubyte.gz"] = 1504176627,
    };

    /// <summary>The four files by name (built once: about 30 MB).</summary>
    public static IReadOnlyDictionary<string, byte[]> Files => files.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> files = new(() =>
        ModificationTimes.ToDictionary(f => f.Key, f => Rebuild(f.Key, f.Value)));

    private static byte[] Rebuild(string name, uint modificationTime)
    {
        byte[] debian = File.ReadAllBytes(Path.Combine(DebianDirectory, name));
        const int HeaderLength = 10, NameFlag = 0x08;
        using var zalando = new MemoryStream();
        zalando.Write([0x1f, 0x8b, 8, NameFlag]);
        Span<byte> time = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(time, modificationTime);
        zalando.Write(time);
        zalando.Write([0, 3]);  // no extra flags, made on Unix
        zalando.Write(Encoding.ASCII.GetBytes(Path.GetFileNameWithoutExtension(name) + "\0"));
        zalando.Write(debian.AsSpan(HeaderLength));
        return zalando.ToArray();
    }
}

using System.IO.Compression;

namespace NetGeometry.Tests.Data;

/// <summary>Paths of the committed fixtures, and a scratch directory that deletes itself.</summary>
internal static class DataFiles
{
    /// <summary>The first 32 training and first 16 test images and labels of Fashion-MNIST, gzipped IDX.</summary>
    public static string MiniFashionMnist => Path.Combine(AppContext.BaseDirectory, "Fixtures", "fashion-mnist-mini");

    public static readonly string[] FashionMnistFiles =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The decompressed bytes of a fixture file (name without .gz).</summary>
    public static byte[] Gunzip(string name)
    {
        using var file = File.OpenRead(Path.Combine(MiniFashionMnist, name + ".gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        gzip.CopyTo(bytes);
        return bytes.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var bytes = new MemoryStream();
        using (var gzip = new GZipStream(bytes, CompressionLevel.Fastest)) gzip.Write(data);
        return bytes.ToArray();
    }
}

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netgeo-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

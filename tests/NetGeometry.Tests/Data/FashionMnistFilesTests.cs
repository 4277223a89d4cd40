using System.Security.Cryptography;
using NetGeometry.Data;
using NetGeometry.Engine;

namespace NetGeometry.Tests.Data;

/// <summary>Where Fashion-MNIST comes from without --data-dir: Debian's folder, else the cache, filled from a real
/// HTTP mirror on 127.0.0.1 serving the published files.</summary>
public class FashionMnistFilesTests
{
    private sealed class Recorder : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];
        public void Report(DownloadProgress value) => Reports.Add(value);
    }

    private static FashionMnistFiles Files(TempDirectory dir, string mirror, IProgress<DownloadProgress>? progress = null) => new()
    {
        SystemDirectory = dir.File("no-debian-package"),
        CacheDirectory = dir.File("cache"),
        Mirrors = FashionMnistFiles.ParseMirrors("test", [mirror]),
        Progress = progress,
    };

    private static string Md5Of(string path) => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Without_the_Debian_package_the_cache_is_filled_from_a_mirror_with_progress_and_published_checksums()
    {
        using var dir = new TempDirectory();
        using var mirror = new LocalMirror(PublishedFashionMnist.Files);
        var progress = new Recorder();
        var location = Files(dir, mirror.Url, progress).Locate();

        Assert.Equal(dir.File("cache"), location.Directory);
        Assert.Equal(PublishedFashionMnist.Md5s.Keys.Order(), location.Downloaded.Order());
        foreach (var (name, md5) in PublishedFashionMnist.Md5s) Assert.Equal(md5, Md5Of(Path.Combine(location.Directory, name)));
        Assert.Equal(4, Directory.GetFiles(location.Directory).Length);  // no temporary file left
        Assert.Equal(PublishedFashionMnist.Md5s.Keys.Order(), progress.Reports.Where(p => p.Done).Select(p => p.File).Order());
        var trainImages = progress.Reports.Where(p => p.File == "train-images-idx3-ubyte.gz").ToList();
        Assert.True(trainImages.Count > 2, "progress arrives while the bytes do");
        Assert.All(trainImages, p => Assert.Equal(26_421_880, p.Total));

        var again = Files(dir, mirror.Url).Locate();
        Assert.Empty(again.Downloaded);
        Assert.Equal(4, mirror.Requests.Count);
    }

    [Fact]
    public void A_damaged_file_in_the_cache_is_refused_and_fetched_again()
    {
        using var dir = new TempDirectory();
        using var mirror = new LocalMirror(PublishedFashionMnist.Files);
        Files(dir, mirror.Url).Locate();
        string labels = Path.Combine(dir.File("cache"), "t10k-labels-idx1-ubyte.gz");
        var damaged = File.ReadAllBytes(labels);
        damaged[^20] ^= 0xff;
        File.WriteAllBytes(labels, damaged);

        var location = Files(dir, mirror.Url).Locate();
        Assert.Equal(["t10k-labels-idx1-ubyte.gz"], location.Downloaded);
        Assert.Equal(PublishedFashionMnist.Md5s["t10k-labels-idx1-ubyte.gz"], Md5Of(labels));
        Assert.Equal(5, mirror.Requests.Count);
    }

    [Fact]
    public void A_mirror_serving_a_wrong_file_is_refused_and_nothing_is_put_in_place()
    {
        using var dir = new TempDirectory();
        var served = PublishedFashionMnist.Files.ToDictionary(f => f.Key, f => f.Value);
        served["train-labels-idx1-ubyte.gz"] = served["t10k-labels-idx1-ubyte.gz"];
        using var mirror = new LocalMirror(served);
        var e = Assert.Throws<InputException>(() => Files(dir, mirror.Url).Locate());
        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains("MD5", e.Message);
        Assert.Equal(["train-images-idx3-ubyte.gz"], Directory.GetFiles(dir.File("cache")).Select(Path.GetFileName));
    }

    [Fact]
    public void The_Debian_package_is_used_as_it_is_when_it_holds_the_four_files()
    {
        using var dir = new TempDirectory();
        var files = Files(dir, $"http://127.0.0.1:{LocalMirror.FreePort()}/") with { SystemDirectory = DataFiles.MiniFashionMnist };
        var location = files.Locate();
        Assert.Equal(DataFiles.MiniFashionMnist, location.Directory);
        Assert.Empty(location.Downloaded);
        Assert.False(Directory.Exists(dir.File("cache")));
    }

    [Theory]
    [InlineData("ftp://example.org/fashion/")]
    [InlineData("not a url")]
    public void A_mirror_that_is_not_an_http_url_is_bad_input(string url)
    {
        var e = Assert.Throws<InputException>(() => FashionMnistFiles.ParseMirrors("--mirror", [url]));
        Assert.StartsWith("--mirror: ", e.Message);
    }
}

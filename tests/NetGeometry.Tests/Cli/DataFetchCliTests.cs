using System.Security.Cryptography;
using System.Text.Json;
using NetGeometry.Tests.Data;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo data fetch in a child process against a real HTTP mirror on 127.0.0.1 serving the published
/// Fashion-MNIST files, with the cache in a temporary folder.</summary>
public class DataFetchCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static Dictionary<string, string> Environment(TempFolder dir, string? mirrors = null)
    {
        var environment = new Dictionary<string, string> { ["NETGEO_CACHE"] = dir.File("cache") };
        if (mirrors is not null) environment["NETGEO_FASHION_MNIST_MIRRORS"] = mirrors;
        return environment;
    }

    private static Netgeo.Result Fetch(TempFolder dir, Dictionary<string, string> environment, params string[] options) =>
        Netgeo.Run(dir.Path, Timeout, environment, ["data", "fetch", "fashion-mnist", .. options]);

    private static string[] Downloaded(Netgeo.Result r) =>
        JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement.GetProperty("downloaded").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static void AssertPublished(string directory)
    {
        foreach (var (name, md5) in PublishedFashionMnist.Md5s)
            Assert.Equal(md5, Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(Path.Combine(directory, name)))));
        Assert.Equal(4, Directory.GetFiles(directory).Length);
    }

    private static void AssertOneLineBadInput(Netgeo.Result r, params string[] mentions)
    {
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("netgeo: ", line);
        foreach (var mention in mentions) Assert.Contains(mention, line);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void The_files_are_downloaded_checked_and_their_folder_printed()
    {
        using var dir = new TempFolder();
        using var mirror = new LocalMirror(PublishedFashionMnist.Files);
        var r = Fetch(dir, Environment(dir), "--data-dir", "fashion", "--mirror", mirror.Url, "--json");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        Assert.Equal(dir.File("fashion"), json.RootElement.GetProperty("directory").GetString());
        Assert.Equal(PublishedFashionMnist.Md5s.Keys.Order(), Downloaded(r).Order());
        AssertPublished(dir.File("fashion"));
        Assert.Equal(4, r.StderrLines.Count(l => l.EndsWith(", checksum verified")));
        Assert.False(Directory.Exists(dir.File("cache")), "--data-dir leaves the cache alone");

        var again = Fetch(dir, Environment(dir), "--data-dir", "fashion", "--mirror", mirror.Url);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(dir.File("fashion"), Assert.Single(again.StdoutLines));
        Assert.Equal(4, mirror.Requests.Count);
    }

    [Fact]
    public void A_damaged_file_is_refused_and_fetched_again()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.File("fashion"));
        foreach (var (name, bytes) in PublishedFashionMnist.Files) File.WriteAllBytes(Path.Combine(dir.File("fashion"), name), bytes);
        string images = Path.Combine(dir.File("fashion"), "t10k-images-idx3-ubyte.gz");
        using (var file = File.OpenWrite(images)) { file.Position = 1000; file.WriteByte(0); file.WriteByte(1); }
        using var mirror = new LocalMirror(PublishedFashionMnist.Files);

        var r = Fetch(dir, Environment(dir, mirrors: mirror.Url), "--data-dir", "fashion", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["t10k-images-idx3-ubyte.gz"], Downloaded(r));
        Assert.Equal(["t10k-images-idx3-ubyte.gz"], mirror.Requests);
        AssertPublished(dir.File("fashion"));
    }

    [Fact]
    public void Offline_it_says_in_one_line_what_it_tried_and_how_to_install_and_leaves_nothing()
    {
        using var dir = new TempFolder();
        string closed = $"http://127.0.0.1:{LocalMirror.FreePort()}/";
        var r = Fetch(dir, Environment(dir, mirrors: closed), "--data-dir", "fashion");
        AssertOneLineBadInput(r, closed + "train-images-idx3-ubyte.gz", "apt-get install dataset-fashion-mnist", "--data-dir");
        Assert.False(Directory.Exists(dir.File("fashion")));
        Assert.False(Directory.Exists(dir.File("cache")));
    }

    [Fact]
    public void With_the_Debian_package_installed_nothing_is_downloaded()
    {
        using var dir = new TempFolder();
        var r = Fetch(dir, Environment(dir, mirrors: $"http://127.0.0.1:{LocalMirror.FreePort()}/"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(PublishedFashionMnist.DebianDirectory, Assert.Single(r.StdoutLines));
        Assert.Empty(r.Stderr);
        Assert.False(Directory.Exists(dir.File("cache")));
    }

    [Fact]
    public void An_unknown_dataset_or_a_bad_mirror_is_one_line_and_exit_status_two()
    {
        using var dir = new TempFolder();
        AssertOneLineBadInput(Netgeo.Run(dir.Path, "data", "fetch", "mnist"), "unknown dataset 'mnist'", "fashion-mnist");
        AssertOneLineBadInput(Fetch(dir, Environment(dir), "--mirror", "ftp://example.org/"), "--mirror: 'ftp://example.org/'");
        AssertOneLineBadInput(Fetch(dir, Environment(dir, mirrors: "example.org")), "NETGEO_FASHION_MNIST_MIRRORS: 'example.org'");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}

using NetGeometry.Engine;

namespace NetGeometry.Data;

/// <summary>
/// Where the four Fashion-MNIST files come from when no directory is given (data.dataDir): Debian's package
/// (<see cref="SystemDirectory"/>), else the user's cache (<see cref="CacheDirectory"/>), which is filled from the
/// dataset's mirrors when it lacks a file or holds a damaged one. Files in the cache are checked against their
/// published MD5 digests every time they are used, so a damaged copy is refused and fetched again, never read.
/// </summary>
internal sealed record FashionMnistFiles
{
    /// <summary>The environment variable that replaces <see cref="DefaultMirrors"/>: URLs separated by spaces.</summary>
    public const string MirrorsVariable = "NETGEO_FASHION_MNIST_MIRRORS";

    /// <summary>The four gzipped IDX files with the MD5 digests Zalando publishes for them and those of Debian's
    /// package (the same IDX bytes, gzipped again without the file name in the header).</summary>
    public static readonly IReadOnlyList<PublishedFile> Files =
    [
        new("train-images-idx3-ubyte.gz", ["8d4fb7e6c68d591d4c3dfef9ec88bf0d", "cf8536b0aa1a6ac5fa3f23001093305c"]),
        new("train-labels-idx1-ubyte.gz", ["25c81989df183df01b3e8a0aad5dffbe", "10bea18fdb374794d4bb42e356e600c9"]),
        new("t10k-images-idx3-ubyte.gz", ["bef4ecab320f06d8554ea6380940ec79", "f78720b4224f21cce2f2ccf2d7a94c9a"]),
        new("t10k-labels-idx1-ubyte.gz", ["bb300cfdad3c16e7a12a480ee83cd310", "0d30e22e447f3c33dab9ed536400ac01"]),
    ];

    /// <summary>The dataset's canonical mirrors: Zalando's site, then the files in its GitHub repository.</summary>
    public static readonly IReadOnlyList<Uri> DefaultMirrors =
    [
        new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
        new("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"),
    ];

    /// <summary>One download at a time in this process: parallel sweep cells wait for the first one's files.</summary>
    private static readonly Lock Gate = new();

    /// <summary>Where Debian's package dataset-fashion-mnist installs the files.</summary>
    public string SystemDirectory { get; init; } = FashionMnist.DefaultDirectory;

    /// <summary>Where downloaded files are kept: datasets/fashion-mnist in <see cref="NetgeoCache"/>.</summary>
    public string CacheDirectory { get; init; } = NetgeoCache.DatasetDirectory("fashion-mnist");

    /// <summary>The mirrors tried in order: $NETGEO_FASHION_MNIST_MIRRORS when set, else <see cref="DefaultMirrors"/>.</summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } =
        Environment.GetEnvironmentVariable(MirrorsVariable) is { Length: > 0 } list ? ParseMirrors(MirrorsVariable, list.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : DefaultMirrors;

    /// <summary>Where downloads report their progress; by default <see cref="Downloads.Progress"/>.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; } = Downloads.Progress;

    /// <summary>
    /// The directory to read the files from: <see cref="SystemDirectory"/> when it holds all four, else
    /// <see cref="CacheDirectory"/>, after fetching what it lacks. Throws an <see cref="InputException"/> saying what
    /// was tried and how to install the data when a file can be found nowhere.
    /// </summary>
    public DatasetLocation Locate()
    {
        lock (Gate)
        {
            if (Files.All(f => FashionMnist.FindFile(SystemDirectory, Path.GetFileNameWithoutExtension(f.Name)) is not null))
                return new DatasetLocation(SystemDirectory, []);
            return FetchInto(CacheDirectory, $"no copy in {SystemDirectory} and no good one in {CacheDirectory}");
        }
    }

    /// <summary>Makes <paramref name="directory"/> hold good copies of the four gzipped files, fetching those it lacks
    /// or holds damaged.</summary>
    public DatasetLocation Fetch(string directory)
    {
        lock (Gate) return FetchInto(directory, $"could not fill {directory}");
    }

    /// <summary>Reads a list of mirror URLs (each http or https; a missing trailing slash is added), naming
    /// <paramref name="source"/> (an option or a variable) in the error.</summary>
    public static IReadOnlyList<Uri> ParseMirrors(string source, IEnumerable<string> urls) => urls.Select(text =>
    {
        bool valid = Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
        InputException.Require(valid, $"{source}: '{text}' is not an http or https URL; give the folder URL that holds the four Fashion-MNIST .gz files.");
        return url!;
    }).ToList();

    private DatasetLocation FetchInto(string directory, string missing)
    {
        var downloaded = new List<string>();
        foreach (var file in Files.Where(f => !f.IsGoodAt(Path.Combine(directory, f.Name))))
        {
            string? failures = Downloads.Fetch(file, Mirrors, directory, Progress);
            InputException.Require(failures is null,
                $"fashion-mnist: {missing}, and no mirror served {file.Name} ({failures}); {FashionMnist.InstallHint}.");
            downloaded.Add(file.Name);
        }
        return new DatasetLocation(directory, downloaded);
    }
}

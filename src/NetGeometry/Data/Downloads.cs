using System.Security.Cryptography;

namespace NetGeometry.Data;

/// <summary>
/// Downloads published files over HTTP(S), each written to a temporary file beside its target, checked against its
/// good MD5 digests, and only then renamed into place: a target is never a partial or damaged file, and two
/// processes fetching the same file at once each put a whole good copy there. The library prints nothing: progress
/// goes to an <see cref="IProgress{T}"/> the application renders.
/// </summary>
public static class Downloads
{
    /// <summary>Where downloads the library starts by itself (data found missing when loaded) report their progress;
    /// set once by the application. Null reports nothing.</summary>
    public static IProgress<DownloadProgress>? Progress { get; set; }

    /// <summary>A download gives up when no byte (or no answer) comes for this long.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    private static readonly HttpClient Client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Fetches <paramref name="file"/> into <paramref name="directory"/> from the first of <paramref name="mirrors"/>
    /// that serves a good copy (the file's URL is its name under the mirror). The directory is made only once a mirror
    /// answers. Returns null on success, otherwise why each mirror failed, as one line.
    /// </summary>
    internal static string? Fetch(PublishedFile file, IReadOnlyList<Uri> mirrors, string directory, IProgress<DownloadProgress>? progress)
    {
        var failures = new List<string>();
        foreach (var mirror in mirrors)
        {
            var url = new Uri(mirror, file.Name);
            try
            {
                FetchFrom(url, file, directory, progress).GetAwaiter().GetResult();
                return null;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or OperationCanceledException or UnauthorizedAccessException)
            {
                failures.Add($"{url}: {Reason(e)}");
            }
        }
        return string.Join("; ", failures);
    }

    private static async Task FetchFrom(Uri url, PublishedFile file, string directory, IProgress<DownloadProgress>? progress)
    {
        using var stall = new CancellationTokenSource(StallTimeout);
        using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stall.Token);
        response.EnsureSuccessStatusCode();
        long? total = response.Content.Headers.ContentLength;
        Directory.CreateDirectory(directory);
        string target = Path.Combine(directory, file.Name);
        string temporary = $"{target}.{Environment.ProcessId}-{Guid.NewGuid():N}.part";
        try
        {
            progress?.Report(new DownloadProgress(file.Name, url, 0, total, Done: false));
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long received = 0;
            await using (var body = await response.Content.ReadAsStreamAsync(stall.Token))
            await using (var output = File.Create(temporary))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, stall.Token)) > 0)
                {
                    stall.CancelAfter(StallTimeout);
                    await output.WriteAsync(buffer.AsMemory(0, read), stall.Token);
                    md5.AppendData(buffer, 0, read);
                    received += read;
                    progress?.Report(new DownloadProgress(file.Name, url, received, total, Done: false));
                }
            }
            string digest = Convert.ToHexStringLower(md5.GetHashAndReset());
            if (!file.IsGood(digest))
                throw new InvalidDataException($"MD5 {digest} is not the published {string.Join(" or ", file.GoodMd5s)}");
            File.Move(temporary, target, overwrite: true);
            progress?.Report(new DownloadProgress(file.Name, url, received, total, Done: true));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The innermost message, without the trailing period: what the user needs to tell one failure from another.</summary>
    private static string Reason(Exception e)
    {
        if (e is OperationCanceledException) return $"no answer for {StallTimeout.TotalSeconds:F0} s";
        while (e.InnerException is { } inner) e = inner;
        return e.Message.TrimEnd('.');
    }
}

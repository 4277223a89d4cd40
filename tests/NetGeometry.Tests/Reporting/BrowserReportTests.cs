using NetGeometry.Tests.Reproductions;
using SkiaSharp;

namespace NetGeometry.Tests.Reporting;

/// <summary>The lazy-training report, opened in a real browser (Debian's chromium, headless).</summary>
[Collection(LazyTrainingQuickCollection.Name)]
public sealed class BrowserReportTests(LazyTrainingQuickRun run)
{
    /// <summary>Where the screenshot goes: test-output/ next to the test assembly.</summary>
    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "test-output");

    [Fact]
    public async Task TheReportRendersEveryFigureAndTheVerdictWithoutErrorsOrNetwork()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.Stderr);
        await using var chromium = await HeadlessChromium.StartAsync();
        var report = Path.Combine(run.Directory, "report.html");

        await chromium.NavigateAsync(new Uri(report).AbsoluteUri);

        var images = (await chromium.EvaluateAsync(
            "Array.from(document.images).map(i => ({ complete: i.complete, width: i.naturalWidth, height: i.naturalHeight }))")).EnumerateArray().ToList();
        Assert.Equal(4, images.Count);
        Assert.All(images, i => Assert.True(i.GetProperty("complete").GetBoolean() && i.GetProperty("width").GetInt32() > 0 && i.GetProperty("height").GetInt32() > 0,
            $"an image did not decode: {i}"));
        Assert.Equal(1, (await chromium.EvaluateAsync("document.querySelectorAll('#verdict tr.holds').length")).GetInt32());
        Assert.Equal(4, (await chromium.EvaluateAsync("document.querySelectorAll('figure figcaption').length")).GetInt32());
        var screenshot = await chromium.ScreenshotAsync();

        var errors = chromium.Events.Where(e => e.Method == "Runtime.exceptionThrown"
            || (e.Method == "Runtime.consoleAPICalled" && e.Params.GetProperty("type").GetString() is "error" or "assert")
            || (e.Method == "Log.entryAdded" && e.Params.GetProperty("entry").GetProperty("level").GetString() == "error")).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Method}: {e.Params}")));
        var requests = chromium.Events.Where(e => e.Method == "Network.requestWillBeSent")
            .Select(e => e.Params.GetProperty("request").GetProperty("url").GetString()!).ToList();
        Assert.Contains(requests, u => u.StartsWith("file:"));
        Assert.All(requests, u => Assert.True(u.StartsWith("file:") || u.StartsWith("data:"), $"the report fetched {u}"));

        Directory.CreateDirectory(OutputFolder);
        var shot = Path.Combine(OutputFolder, "lazy-training-report.png");
        await File.WriteAllBytesAsync(shot, screenshot);
        using var bitmap = SKBitmap.Decode(screenshot);
        Assert.Equal(1280, bitmap.Width);
        Assert.True(bitmap.Height > 2000, $"the whole page is in the screenshot ({bitmap.Height} px high)");
    }

    [Fact]
    public async Task TheIndexPageListsTheReproductionWithALinkThatOpens()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.Stderr);
        await using var chromium = await HeadlessChromium.StartAsync();

        await chromium.NavigateAsync(new Uri(Path.Combine(run.Folder.Path, "runs", "index.html")).AbsoluteUri);
        var link = (await chromium.EvaluateAsync("Array.from(document.querySelectorAll('a')).map(a => a.href).find(h => h.endsWith('lazy-training-quick/report.html'))")).GetString();
        Assert.NotNull(link);
        await chromium.NavigateAsync(link!);

        Assert.StartsWith("Reproduction lazy-training", (await chromium.EvaluateAsync("document.title")).GetString());
    }
}

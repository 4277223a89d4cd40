using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetGeometry.Tests.Reporting;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket on the loopback address; flattened
/// sessions): it opens a page, evaluates script in it, records console errors, exceptions and network requests, and
/// takes screenshots. Started with a fresh profile and no background networking; as root it needs --no-sandbox.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process process;
    private readonly ClientWebSocket socket = new();
    private readonly string profile;
    private readonly Dictionary<int, TaskCompletionSource<JsonElement>> pending = new();
    private readonly List<(string Method, JsonElement Params)> events = new();
    private readonly Task receiving;
    private int nextId;
    private string? session;

    private HeadlessChromium(Process process, string profile, Uri endpoint)
    {
        this.process = process;
        this.profile = profile;
        socket.ConnectAsync(endpoint, CancellationToken.None).GetAwaiter().GetResult();
        receiving = Task.Run(Receive);
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: run build/install-deps.sh (it installs Debian's chromium).");
        var profile = Path.Combine(Path.GetTempPath(), $"netgeo-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        // Chromium writes the port it chose, then the browser target's path, to DevToolsActivePort in the profile.
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = Stopwatch.StartNew();
        string[] lines = [];
        while (deadline.Elapsed < TimeSpan.FromSeconds(30) && lines.Length < 2)
        {
            await Task.Delay(100);
            if (process.HasExited) throw new InvalidOperationException($"chromium exited with status {process.ExitCode} before it listened.");
            if (File.Exists(portFile)) lines = File.ReadAllLines(portFile);
        }
        if (lines.Length < 2) throw new TimeoutException("chromium did not open its DevTools port in 30 s.");
        var browser = new HeadlessChromium(process, profile, new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"));
        var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, inSession: false);
        var attached = await browser.SendAsync("Target.attachToTarget",
            new JsonObject { ["targetId"] = target.GetProperty("targetId").GetString(), ["flatten"] = true }, inSession: false);
        browser.session = attached.GetProperty("sessionId").GetString();
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" }) await browser.SendAsync($"{domain}.enable");
        return browser;
    }

    /// <summary>Every event received so far (method and params), in order.</summary>
    public IReadOnlyList<(string Method, JsonElement Params)> Events
    {
        get { lock (events) return events.ToList(); }
    }

    /// <summary>Opens a URL and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        int before = Events.Count;
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        var deadline = Stopwatch.StartNew();
        while (!Events.Skip(before).Any(e => e.Method == "Page.loadEventFired"))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{url} did not finish loading in 30 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>The value of a JavaScript expression in the page (JSON-serializable values only).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result.TryGetProperty("exceptionDetails", out var error)) throw new InvalidOperationException($"script failed: {error}");
        return result.GetProperty("result").GetProperty("value");
    }

    /// <summary>A PNG of the whole page at <paramref name="width"/> CSS pixels.</summary>
    public async Task<byte[]> ScreenshotAsync(int width = 1280)
    {
        var height = (await EvaluateAsync("document.documentElement.scrollHeight")).GetInt32();
        await SendAsync("Emulation.setDeviceMetricsOverride",
            new JsonObject { ["width"] = width, ["height"] = Math.Min(height, 16000), ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, bool inSession = true)
    {
        var id = Interlocked.Increment(ref nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (inSession) message["sessionId"] = session;
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (pending) pending[id] = reply;
        await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var done = await Task.WhenAny(reply.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        if (done != reply.Task) throw new TimeoutException($"chromium did not answer {method} in 30 s.");
        return await reply.Task;
    }

    private async Task Receive()
    {
        var buffer = new byte[1 << 16];
        var text = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult part;
            try
            {
                part = await socket.ReceiveAsync(buffer, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                break;
            }
            if (part.MessageType == WebSocketMessageType.Close) break;
            text.Write(buffer, 0, part.Count);
            if (!part.EndOfMessage) continue;
            using var document = JsonDocument.Parse(text.ToArray());
            text.SetLength(0);
            var root = document.RootElement.Clone();
            if (root.TryGetProperty("id", out var id))
            {
                TaskCompletionSource<JsonElement>? reply;
                lock (pending) pending.Remove(id.GetInt32(), out reply);
                if (root.TryGetProperty("error", out var error)) reply?.SetException(new InvalidOperationException($"DevTools error: {error}"));
                else reply?.SetResult(root.GetProperty("result"));
            }
            else if (root.TryGetProperty("method", out var method))
                lock (events) events.Add((method.GetString()!, root.TryGetProperty("params", out var p) ? p : default));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("Browser.close", inSession: false);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or InvalidOperationException)
        {
            // closing anyway below
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill(entireProcessTree: true);
        socket.Dispose();
        await Task.WhenAny(receiving, Task.Delay(1000));
        process.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { /* chromium may still be releasing files */ }
    }
}

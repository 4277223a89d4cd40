using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace NetGeometry.Tests.Data;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that serves files by name, as a dataset mirror does, and records
/// which names were asked for. Unknown names get 404.
/// </summary>
internal sealed class LocalMirror : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly IReadOnlyDictionary<string, byte[]> files;
    private readonly Task serving;

    public LocalMirror(IReadOnlyDictionary<string, byte[]> files)
    {
        this.files = files;
        Url = $"http://127.0.0.1:{FreePort()}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        serving = Task.Run(Serve);
    }

    /// <summary>The mirror's base URL, ending in a slash.</summary>
    public string Url { get; }

    /// <summary>The file names requested so far, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>A port nothing listens on (it was free a moment ago): a mirror that cannot be reached.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            string name = context.Request.Url!.AbsolutePath.TrimStart('/');
            Requests.Enqueue(name);
            using var response = context.Response;
            if (!files.TryGetValue(name, out var body)) { response.StatusCode = 404; continue; }
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body);
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(5));
    }
}

using System.Diagnostics;

namespace NetGeometry.Tests.Cli;

/// <summary>Runs the real netgeo (the CLI assembly copied next to the tests) in a child process.</summary>
public static class Netgeo
{
    private static string NetgeoAssembly => Path.Combine(AppContext.BaseDirectory, "netgeo.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>Each stdout line (--json) as a JSON object by field.</summary>
        public Dictionary<string, System.Text.Json.JsonElement>[] JsonObjects =>
            StdoutLines.Select(l => System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(l)!).ToArray();
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, TimeSpan.FromMinutes(3), args);

    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] args) =>
        Run(workingDirectory, timeout, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the child process, beside those it inherits.</param>
    public static Result Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAssembly(NetgeoAssembly, workingDirectory, timeout, environment, args);

    /// <summary>Runs `dotnet <paramref name="assembly"/> args...` (netgeo or any other built program, such as an example).</summary>
    public static Result RunAssembly(string assembly, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        using var process = StartAssembly(assembly, workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(assembly)} {string.Join(' ', args)} did not finish in {timeout.TotalMinutes} minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts netgeo with stdout and stderr redirected, for a test that reads its output while it runs.</summary>
    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    /// <param name="environment">Variables set for the child process, beside those it inherits.</param>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartAssembly(NetgeoAssembly, workingDirectory, environment, args);

    private static Process StartAssembly(string assembly, string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(assembly);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }
}

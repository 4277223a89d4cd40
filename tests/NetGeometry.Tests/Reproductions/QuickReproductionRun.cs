using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce &lt;name&gt; --quick --json --jobs &lt;jobs&gt;" (2 by default) in a temporary folder, for a collection
/// fixture shared by the tests of one reproduction (its verdicts, its files, its report).
/// </summary>
public abstract class QuickReproductionRun : IDisposable
{
    /// <param name="timeout">Generous: the machine may be shared with other work.</param>
    protected QuickReproductionRun(string name, TimeSpan timeout, int jobs = 2)
    {
        Result = Netgeo.Run(Folder.Path, timeout, "reproduce", name, "--quick", "--json", "--jobs", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory = Path.Combine(Folder.Path, "runs", $"{name}-quick");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    /// <summary>runs/&lt;name&gt;-quick under the folder.</summary>
    public string Directory { get; }

    /// <summary>What a failed assertion about the run shows: its exit status, stdout, stderr and every error.txt
    /// (<see cref="NetGeometry.Experiments.ErrorLog"/>) it left, which hold the stack traces its one-line errors omit.</summary>
    public string Diagnostics => $"exit {Result.ExitCode}\n{Result.Stdout}\n{Result.Stderr}" + string.Concat(
        System.IO.Directory.EnumerateFiles(Folder.Path, NetGeometry.Experiments.ErrorLog.FileName, SearchOption.AllDirectories)
            .Select(f => $"\n{f}:\n{File.ReadAllText(f)}"));

    public void Dispose() => Folder.Dispose();
}

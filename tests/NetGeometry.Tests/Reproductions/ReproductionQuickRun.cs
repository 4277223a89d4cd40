using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce NAME --quick --json" (2 jobs of 1 thread each) in a temporary folder, shared by
/// the tests of one reproduction through a collection fixture.
/// </summary>
public abstract class ReproductionQuickRun : IDisposable
{
    protected ReproductionQuickRun(string name, TimeSpan timeout)
    {
        Directory = Path.Combine(Folder.Path, "runs", $"{name}-quick");
        Result = Netgeo.Run(Folder.Path, timeout, "reproduce", name, "--quick", "--json", "--jobs", "2");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    /// <summary>The reproduction's sweep folder, runs/NAME-quick.</summary>
    public string Directory { get; }

    public void Dispose() => Folder.Dispose();
}

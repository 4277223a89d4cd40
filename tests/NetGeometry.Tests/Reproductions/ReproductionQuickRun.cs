using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce &lt;name&gt; --quick --json" (2 jobs of 1 thread each) in a temporary folder, for a
/// collection fixture that the tests of that reproduction share.
/// </summary>
public abstract class ReproductionQuickRun : IDisposable
{
    protected ReproductionQuickRun(string name, TimeSpan timeout)
    {
        Name = name;
        Result = Netgeo.Run(Folder.Path, timeout, "reproduce", name, "--quick", "--json", "--jobs", "2");
    }

    public string Name { get; }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    public string Directory => Path.Combine(Folder.Path, "runs", $"{Name}-quick");

    public void Dispose() => Folder.Dispose();
}

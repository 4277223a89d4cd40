using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce du2019 --quick --json" (2 jobs of 1 thread each), shared by the tests of its
/// claims and outputs.
/// </summary>
public sealed class Du2019QuickRun : IDisposable
{
    public Du2019QuickRun()
    {
        // About 40 s on an idle 2-core machine; the generous timeout is for a machine shared with other work.
        Result = Netgeo.Run(Folder.Path, TimeSpan.FromMinutes(15), "reproduce", "du2019", "--quick", "--json", "--jobs", "2");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    public string Directory => Path.Combine(Folder.Path, "runs", "du2019-quick");

    public void Dispose() => Folder.Dispose();
}

/// <summary>Runs alone, after the parallel tests: its child process uses every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Du2019QuickCollection : ICollectionFixture<Du2019QuickRun>
{
    public const string Name = "du2019 quick run";
}

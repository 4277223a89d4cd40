using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce su-yang2019 --quick --json" (2 jobs of 1 thread each), shared by the tests of
/// its verdicts, its files and its analysis.
/// </summary>
public sealed class SuYang2019QuickRun : IDisposable
{
    public SuYang2019QuickRun()
    {
        // About 30 s of CPU on an idle 2-core machine; the generous timeout is for a machine shared with other work.
        Result = Netgeo.Run(Folder.Path, TimeSpan.FromMinutes(10), "reproduce", "su-yang2019", "--quick", "--json", "--jobs", "2");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    public string Directory => Path.Combine(Folder.Path, "runs", "su-yang2019-quick");

    public void Dispose() => Folder.Dispose();
}

/// <summary>Runs alone, after the parallel tests: its child processes use every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SuYang2019QuickCollection : ICollectionFixture<SuYang2019QuickRun>
{
    public const string Name = "su-yang2019 quick run";
}

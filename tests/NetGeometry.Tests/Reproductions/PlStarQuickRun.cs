using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>One real run of "netgeo reproduce pl-star --quick --json" (2 jobs of 1 thread each), shared by its tests.</summary>
public sealed class PlStarQuickRun : IDisposable
{
    public PlStarQuickRun()
    {
        // About 50 s of CPU on 2 cores; the generous timeout is for a machine shared with other work.
        Result = Netgeo.Run(Folder.Path, TimeSpan.FromMinutes(15), "reproduce", "pl-star", "--quick", "--json", "--jobs", "2");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    public string Directory => Path.Combine(Folder.Path, "runs", "pl-star-quick");

    public void Dispose() => Folder.Dispose();
}

/// <summary>Runs alone, after the parallel tests, as the lazy-training run does: its child process uses every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlStarQuickCollection : ICollectionFixture<PlStarQuickRun>
{
    public const string Name = "pl-star quick run";
}

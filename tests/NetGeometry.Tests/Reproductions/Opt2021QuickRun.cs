using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>One real run of "netgeo reproduce opt2021 --quick --json" (2 jobs), shared by the tests of its claims and outputs.</summary>
public sealed class Opt2021QuickRun : IDisposable
{
    public Opt2021QuickRun()
    {
        // About a minute on an idle 2-core machine; the generous timeout is for a machine shared with other work.
        Result = Netgeo.Run(Folder.Path, TimeSpan.FromMinutes(15), "reproduce", "opt2021", "--quick", "--json", "--jobs", "2");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    public string Directory => Path.Combine(Folder.Path, "runs", "opt2021-quick");

    public void Dispose() => Folder.Dispose();
}

/// <summary>Runs alone, after the parallel tests, like the other reproductions: its jobs use every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Opt2021QuickCollection : ICollectionFixture<Opt2021QuickRun>
{
    public const string Name = "opt2021 quick run";
}

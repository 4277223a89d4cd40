using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce geometrization --quick --json" (2 jobs), shared by the tests of its claim lines,
/// its counts and its files.
/// </summary>
public sealed class GeometrizationQuickRun : IDisposable
{
    public GeometrizationQuickRun()
    {
        // About 50 CPU-seconds (half a minute to a minute on an idle 2-core machine); the timeout is for a shared one.
        Result = Netgeo.Run(Folder.Path, TimeSpan.FromMinutes(10), "reproduce", "geometrization", "--quick", "--json", "--jobs", "2");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    public string Directory => Path.Combine(Folder.Path, "runs", "geometrization-quick");

    public void Dispose() => Folder.Dispose();
}

/// <summary>Runs alone, after the parallel tests, like the other reproductions' quick runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GeometrizationQuickCollection : ICollectionFixture<GeometrizationQuickRun>
{
    public const string Name = "geometrization quick run";
}

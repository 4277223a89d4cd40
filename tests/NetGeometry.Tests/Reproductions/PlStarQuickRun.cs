namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce pl-star --quick --json", shared by its tests. About 90 s of CPU and 110 s of wall time on 2 cores; the
/// generous timeout is for a machine shared with other work.
/// </summary>
public sealed class PlStarQuickRun() : QuickReproductionRun("pl-star", TimeSpan.FromMinutes(15));

/// <summary>Runs alone, after the parallel tests, as the lazy-training run does: its child process uses every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlStarQuickCollection : ICollectionFixture<PlStarQuickRun>
{
    public const string Name = "pl-star quick run";
}

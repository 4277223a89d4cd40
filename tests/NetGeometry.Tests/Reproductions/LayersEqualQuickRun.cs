namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce layers-equal --quick --json" (one job: the cells one after the other, each on
/// every core), shared by the tests of its verdicts, its figures and its numbers. About 2 minutes of CPU; the generous
/// timeout is for a machine shared with other work (at a load average of 40 it took more than 8 minutes).
/// </summary>
public sealed class LayersEqualQuickRun() : QuickReproductionRun("layers-equal", TimeSpan.FromMinutes(20), jobs: 1);

/// <summary>Runs alone, after the parallel tests, like the other reproductions: its child process uses every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LayersEqualQuickCollection : ICollectionFixture<LayersEqualQuickRun>
{
    public const string Name = "layers-equal quick run";
}

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce du2019 --quick --json" (2 jobs of 1 thread each), shared by the tests of its
/// claims and outputs. About 40 s on an idle 2-core machine (39 runs, most of them narrow).
/// </summary>
public sealed class Du2019QuickRun() : QuickReproductionRun("du2019", TimeSpan.FromMinutes(15));

/// <summary>Runs alone, after the parallel tests: its child process uses every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Du2019QuickCollection : ICollectionFixture<Du2019QuickRun>
{
    public const string Name = "du2019 quick run";
}

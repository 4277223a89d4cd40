namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce su-yang2019 --quick --json" (2 jobs of 1 thread each), shared by the tests of
/// its verdicts, its files and its analysis. About a minute of CPU on an idle 2-core machine (2 seeds at 3 sizes); the timeout allows for a shared one.
/// </summary>
public sealed class SuYang2019QuickRun() : QuickReproductionRun("su-yang2019", TimeSpan.FromMinutes(20));

/// <summary>Runs alone, after the parallel tests: its child processes use every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SuYang2019QuickCollection : ICollectionFixture<SuYang2019QuickRun>
{
    public const string Name = "su-yang2019 quick run";
}

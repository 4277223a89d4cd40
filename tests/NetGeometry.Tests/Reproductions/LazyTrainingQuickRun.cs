namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce lazy-training --quick --json", shared by the tests of its verdict and of its
/// report in a browser. About 15 s on an idle 2-core machine; the generous timeout is for a machine shared with other work.
/// </summary>
public sealed class LazyTrainingQuickRun() : ReproductionQuickRun("lazy-training", TimeSpan.FromMinutes(8));

/// <summary>
/// Runs alone, after the parallel tests: its child processes use every core, and tests that time themselves (the
/// Fashion-MNIST load) must not share the machine with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LazyTrainingQuickCollection : ICollectionFixture<LazyTrainingQuickRun>
{
    public const string Name = "lazy-training quick run";
}

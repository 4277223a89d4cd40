namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// The opt2021 quick run, shared by the tests of its claims and outputs. About a minute on an idle 2-core machine; the
/// generous timeout is for a machine shared with other work.
/// </summary>
public sealed class Opt2021QuickRun() : QuickReproductionRun("opt2021", TimeSpan.FromMinutes(15));

/// <summary>Runs alone, after the parallel tests, like the other reproductions: its jobs use every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Opt2021QuickCollection : ICollectionFixture<Opt2021QuickRun>
{
    public const string Name = "opt2021 quick run";
}

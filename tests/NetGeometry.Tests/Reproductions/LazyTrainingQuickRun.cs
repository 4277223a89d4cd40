using NetGeometry.Tests.Cli;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce lazy-training --quick --json" (2 jobs of 1 thread each), shared by the tests of
/// its verdict and of its report in a browser.
/// </summary>
public sealed class LazyTrainingQuickRun : IDisposable
{
    public LazyTrainingQuickRun()
    {
        // About 15 s on an idle 2-core machine; the generous timeout is for a machine shared with other work.
        Result = Netgeo.Run(Folder.Path, TimeSpan.FromMinutes(8), "reproduce", "lazy-training", "--quick", "--json", "--jobs", "2");
    }

    public TempFolder Folder { get; } = new();

    public Netgeo.Result Result { get; }

    public string Directory => Path.Combine(Folder.Path, "runs", "lazy-training-quick");

    public void Dispose() => Folder.Dispose();
}

/// <summary>
/// Runs alone, after the parallel tests: its child processes use every core, and tests that time themselves (the
/// Fashion-MNIST load) must not share the machine with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LazyTrainingQuickCollection : ICollectionFixture<LazyTrainingQuickRun>
{
    public const string Name = "lazy-training quick run";
}

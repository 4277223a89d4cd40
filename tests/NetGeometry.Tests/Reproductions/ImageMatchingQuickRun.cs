namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// One real run of "netgeo reproduce image-matching --quick --json", shared by its tests. About 30 s of CPU; 77 s of wall
/// time on 2 cores shared with other builds (load average 14), 2026-12-06.
/// </summary>
public sealed class ImageMatchingQuickRun() : QuickReproductionRun("image-matching", TimeSpan.FromMinutes(15));

/// <summary>Runs alone, after the parallel tests, as the other quick runs do: its cells run two at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImageMatchingQuickCollection : ICollectionFixture<ImageMatchingQuickRun>
{
    public const string Name = "image-matching quick run";
}

using NetGeometry.Engine;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Tests.Cluster;

/// <summary>Which cells a job array's task runs: the fixed rule, and the index and count read from Slurm's and Kubernetes' environments.</summary>
public sealed class CellSelectionTests
{
    [Theory]
    [InlineData(60, 8)]
    [InlineData(7, 7)]
    [InlineData(5, 9)]
    [InlineData(1, 1)]
    public void NShardsCoverEveryCellExactlyOnceInTheListedOrder(int cells, int shards)
    {
        var taken = Enumerable.Range(0, shards).SelectMany(i => CellSelection.Shard(i, shards).Indices(cells)).ToList();

        Assert.Equal(Enumerable.Range(0, cells), taken.Order());
        Assert.All(Enumerable.Range(0, shards), i => Assert.True(CellSelection.Shard(i, shards).Indices(cells).SequenceEqual(
            CellSelection.Shard(i, shards).Indices(cells).Order())));
        // dealt round the shards: no shard has more than one cell beyond another
        var sizes = Enumerable.Range(0, shards).Select(i => CellSelection.Shard(i, shards).Indices(cells).Count).ToList();
        Assert.True(sizes.Max() - sizes.Min() <= 1);
    }

    [Fact]
    public void ACellIsItsIndexAndACellPastTheSweepIsRefused()
    {
        Assert.Equal([4], CellSelection.Cell(4).Indices(6));
        var past = Assert.Throws<InputException>(() => CellSelection.Cell(6).Indices(6));
        Assert.Contains("it has 6 (0 to 5)", past.Message);
        Assert.Throws<InputException>(() => CellSelection.Cell(-1));
    }

    [Theory]
    [InlineData("3/8", 3, 8)]
    [InlineData("0/1", 0, 1)]
    public void AShardParsesAsIOfN(string text, int index, int count)
    {
        var shard = CellSelection.ParseShard(text);
        Assert.Equal((index, count, false), (shard.Index, shard.Count, shard.Single));
    }

    [Theory]
    [InlineData("8/8")]
    [InlineData("3")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    public void AMalformedShardIsRefused(string text) =>
        Assert.Throws<InputException>(() => CellSelection.ParseShard(text));

    [Fact]
    public void ASlurmArrayTaskReadsItsIndexRelativeToTheArraysFirstAndTheCount()
    {
        var zeroBased = CellSelection.FromEnvironment(Environment(("SLURM_ARRAY_TASK_ID", "5"), ("SLURM_ARRAY_TASK_COUNT", "8"), ("SLURM_ARRAY_TASK_MIN", "0")));
        Assert.Equal((5, 8), (zeroBased!.Index, zeroBased.Count));
        var oneBased = CellSelection.FromEnvironment(Environment(("SLURM_ARRAY_TASK_ID", "8"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_MAX", "8")));
        Assert.Equal((7, 8), (oneBased!.Index, oneBased.Count));
        Assert.Throws<InputException>(() => CellSelection.FromEnvironment(Environment(("SLURM_ARRAY_TASK_ID", "x"), ("SLURM_ARRAY_TASK_COUNT", "8"))));
        Assert.Throws<InputException>(() => CellSelection.FromEnvironment(Environment(("SLURM_ARRAY_TASK_ID", "2"))));
    }

    [Fact]
    public void AKubernetesIndexedJobNeedsTheCountGivenAndOutsideAnArrayThereIsNoSelection()
    {
        var pod = CellSelection.FromEnvironment(Environment(("JOB_COMPLETION_INDEX", "2")), count: 6);
        Assert.Equal((2, 6), (pod!.Index, pod.Count));
        Assert.Contains("shard-count", Assert.Throws<InputException>(() => CellSelection.FromEnvironment(Environment(("JOB_COMPLETION_INDEX", "2")))).Message);
        Assert.Null(CellSelection.FromEnvironment(Environment()));
        Assert.Throws<InputException>(() => CellSelection.FromEnvironment(Environment(), count: 4));
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

using System.CommandLine;
using NetGeometry.Engine;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Cli;

/// <summary>
/// --cell I, --shard I/N and --shard-count N, shared by run and reproduce: which of a sweep's cells this process runs
/// when the sweep is spread over the tasks of a job array (<see cref="CellSelection"/>). With neither --cell nor
/// --shard, inside a Slurm array task or a Kubernetes Indexed Job, the environment names the shard.
/// </summary>
public sealed class CellSelectionOptions
{
    public Option<int?> Cell { get; } = new("--cell")
    {
        Description = "Run only the cell at this index (from 0, in the sweep's listed order), as one task of a job array; " +
            "`netgeo collect` copies the finished cells into the sweep's store afterwards.",
    };

    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Run only shard I of N (I/N, from 0): cells I, I+N, I+2N, ... Without --cell or --shard, a Slurm array task " +
            "(SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shard-count) runs its own shard.",
    };

    public Option<int?> ShardCount { get; } = new("--shard-count")
    {
        Description = "The number of shards when the environment gives only the index (a Kubernetes Indexed Job: its completions).",
    };

    public IEnumerable<Option> All => [Cell, Shard, ShardCount];

    /// <summary>The selection the options (or the environment) name; null to run the whole sweep.</summary>
    public CellSelection? Read(ParseResult parsed)
    {
        var cell = parsed.GetValue(Cell);
        var shard = parsed.GetValue(Shard);
        var count = parsed.GetValue(ShardCount);
        InputException.Require(cell is null || shard is null, "give --cell or --shard, not both.");
        InputException.Require(count is null || (cell is null && shard is null), "--shard-count goes with the index a job array's environment gives, not with --cell or --shard.");
        return cell is { } index ? CellSelection.Cell(index)
            : shard is { } text ? CellSelection.ParseShard(text)
            : CellSelection.FromEnvironment(Environment.GetEnvironmentVariable, count);
    }
}

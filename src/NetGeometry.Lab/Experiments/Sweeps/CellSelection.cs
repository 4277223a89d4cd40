using System.Globalization;
using NetGeometry.Engine;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// Which cells of a sweep one process runs, when a sweep is spread over several (a Slurm job array's tasks, a
/// Kubernetes Indexed Job's pods): one cell by its index in the sweep's listed order (<see cref="Cell"/>), or a shard
/// I of N (<see cref="Shard"/>), which takes cells I, I + N, I + 2N, ... The rule is fixed, so every task computes
/// its slice from its index alone, and N shards of a sweep cover each cell exactly once; dealing the cells round the
/// shards (rather than cutting the list into ranges) spreads the cells a plan lists first over every shard.
/// </summary>
public sealed record CellSelection
{
    private CellSelection(int index, int count, bool single)
    {
        Index = index;
        Count = count;
        Single = single;
    }

    /// <summary>The cell's index (<see cref="Single"/>), or the shard's.</summary>
    public int Index { get; }

    /// <summary>The number of shards (1 for a single cell).</summary>
    public int Count { get; }

    /// <summary>Whether this selects one cell by its index rather than a shard.</summary>
    public bool Single { get; }

    /// <summary>The one cell at <paramref name="index"/> (0-based) of the sweep's listed cells.</summary>
    public static CellSelection Cell(int index)
    {
        InputException.Require(index >= 0, $"{InputField.Of("cell")} must be a cell index from 0, got {index}.");
        return new CellSelection(index, 1, single: true);
    }

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>: the cells whose index is
    /// <paramref name="index"/> modulo <paramref name="count"/>.</summary>
    public static CellSelection Shard(int index, int count)
    {
        InputException.Require(count >= 1 && index >= 0 && index < count,
            $"{InputField.Of("shard")} must be I/N with N >= 1 and 0 <= I < N, got {index}/{count}.");
        return new CellSelection(index, count, single: false);
    }

    /// <summary>Reads "I/N" (as --shard takes it).</summary>
    public static CellSelection ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return Shard(index, count);
        throw new InputException($"{InputField.Of("shard")} must be I/N (shard I of N, counted from 0), e.g. 3/8; got '{text}'.");
    }

    /// <summary>
    /// The shard the environment of a job array's task names, or null outside one. In a Slurm array task, the index
    /// is SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN and the count SLURM_ARRAY_TASK_COUNT (else MAX − MIN + 1); in a
    /// Kubernetes Indexed Job the index is JOB_COMPLETION_INDEX and the count must be given (<paramref name="count"/>,
    /// the job's completions), since the pod's environment does not hold it. A task resubmitted alone
    /// (<c>sbatch --array=5</c>) sees a count of 1: give the shard explicitly there, as <c>netgeo submit</c>'s script does.
    /// </summary>
    public static CellSelection? FromEnvironment(Func<string, string?> environment, int? count = null)
    {
        if (environment("SLURM_ARRAY_TASK_ID") is { } slurmId)
        {
            int id = Variable("SLURM_ARRAY_TASK_ID", slurmId);
            int min = environment("SLURM_ARRAY_TASK_MIN") is { } m ? Variable("SLURM_ARRAY_TASK_MIN", m) : 0;
            int tasks = count
                ?? (environment("SLURM_ARRAY_TASK_COUNT") is { } c ? Variable("SLURM_ARRAY_TASK_COUNT", c)
                : environment("SLURM_ARRAY_TASK_MAX") is { } max ? Variable("SLURM_ARRAY_TASK_MAX", max) - min + 1
                : throw new InputException("SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is: give --shard I/N."));
            return Shard(id - min, tasks);
        }
        if (environment("JOB_COMPLETION_INDEX") is { } jobIndex)
        {
            InputException.Require(count is not null, $"JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give {InputField.Of("shard-count")} (the job's completions) or --shard I/N.");
            return Shard(Variable("JOB_COMPLETION_INDEX", jobIndex), count!.Value);
        }
        InputException.Require(count is null, $"{InputField.Of("shard-count")} is for a Kubernetes Indexed Job or a Slurm array task (JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID set); neither is set here.");
        return null;
    }

    /// <summary>The indices, in the listed order, of the cells of a sweep of <paramref name="cellCount"/> cells that
    /// this selects (possibly none: a shard beyond the cells). A single cell beyond the sweep is an error.</summary>
    public IReadOnlyList<int> Indices(int cellCount)
    {
        if (Single)
        {
            InputException.Require(Index < cellCount, $"{InputField.Of("cell")} {Index} is past the sweep's last cell: it has {cellCount} (0 to {cellCount - 1}).");
            return [Index];
        }
        return Enumerable.Range(0, cellCount).Where(i => i % Count == Index).ToList();
    }

    /// <summary>"cell 4" or "shard 3/8".</summary>
    public override string ToString() => Single ? $"cell {Index}" : $"shard {Index}/{Count}";

    private static int Variable(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new InputException($"{name} must be a non-negative integer, got '{value}'.");
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NetGeometry.Engine;

namespace NetGeometry.Cli;

/// <summary>
/// The sbatch script that runs a sweep's cells as a Slurm job array: one task per cell (array index = the cell's index
/// in the sweep's listed order), each one netgeo call with <c>--cell $SLURM_ARRAY_TASK_ID</c> that writes only its cell's
/// folder on the shared filesystem; each task's log in the sweep folder's slurm/logs/&lt;job&gt;_&lt;index&gt;.out. The array
/// size is fixed in the script, so <c>sbatch --array=3,7 array.sbatch</c> runs tasks 3 and 7 again and nothing else.
/// </summary>
/// <param name="JobName">Slurm's job name.</param>
/// <param name="Cells">The sweep's cells: the array is 0 to Cells − 1.</param>
/// <param name="SweepFolder">The sweep's folder (absolute): the tasks' working directory; logs go under it.</param>
/// <param name="Netgeo">The netgeo call each task makes, before --cell (absolute paths: tasks run on other nodes).</param>
/// <param name="Parallel">At most this many tasks at once (sbatch's %K), or no limit.</param>
/// <param name="CpusPerTask">CPUs per task; each task runs libtorch on as many threads.</param>
/// <param name="Partition">The partition, or the cluster's default.</param>
/// <param name="Time">The time limit per task, in Slurm's formats, or the partition's default.</param>
/// <param name="Memory">The memory per task (--mem), or the partition's default.</param>
public sealed partial record SlurmArrayScript(string JobName, int Cells, string SweepFolder, IReadOnlyList<string> Netgeo, int? Parallel,
    int CpusPerTask, string? Partition, string? Time, string? Memory)
{
    /// <summary>The folder, in the sweep's, that holds the script (and logs/).</summary>
    public const string Folder = "slurm";

    /// <summary>The script's file name.</summary>
    public const string File = "array.sbatch";

    /// <summary>The most CPUs a task may ask for (the node, not this machine, runs it; the task refuses more threads than its node has).</summary>
    public const int MaxCpusPerTask = 1024;

    /// <summary>Refuses values sbatch would refuse, or a folder its #SBATCH lines cannot carry, before anything is written.</summary>
    public void Validate()
    {
        InputException.Require(Parallel is null or >= 1, $"--parallel must be a positive number of tasks, got {Parallel}.");
        InputException.Require(CpusPerTask is >= 1 and <= MaxCpusPerTask, $"--cpus-per-task must be 1 to {MaxCpusPerTask}, got {CpusPerTask}.");
        InputException.Require(Partition is null || Word().IsMatch(Partition), $"--partition must be a partition's name (letters, digits, '_', '-', '.'), got '{Partition}'.");
        InputException.Require(Time is null || TimeLimit().IsMatch(Time),
            $"--time must be in one of Slurm's formats (minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes, days-hours:minutes:seconds), got '{Time}'.");
        InputException.Require(Memory is null || MemorySize().IsMatch(Memory), $"--mem must be a size as sbatch takes it (a number of megabytes, or with K, M, G or T), got '{Memory}'.");
        InputException.Require(!SweepFolder.Any(char.IsWhiteSpace), $"the sweep folder {SweepFolder} has whitespace in its path, which #SBATCH lines cannot carry; give --out a path without it.");
        InputException.Require(Cells >= 1, "the sweep has no cells.");
    }

    /// <summary>The script's text.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append($"# Written by netgeo submit slurm: {Cells} cells of {JobName}, one per array task (index = the cell's index).\n");
        text.Append($"# Run some tasks again: sbatch --array=3,7 {SweepFolder}/{Folder}/{File}; then: netgeo collect {SweepFolder}\n");
        text.Append($"#SBATCH --job-name={JobName}\n");
        text.Append($"#SBATCH --array=0-{Cells - 1}{(Parallel is { } k ? $"%{k}" : "")}\n");
        text.Append($"#SBATCH --chdir={SweepFolder}\n");
        text.Append($"#SBATCH --output={SweepFolder}/{Folder}/logs/%A_%a.out\n");
        text.Append("#SBATCH --ntasks=1\n");
        text.Append($"#SBATCH --cpus-per-task={CpusPerTask.ToString(CultureInfo.InvariantCulture)}\n");
        if (Partition is not null) text.Append($"#SBATCH --partition={Partition}\n");
        if (Time is not null) text.Append($"#SBATCH --time={Time}\n");
        if (Memory is not null) text.Append($"#SBATCH --mem={Memory}\n");
        text.Append("set -euo pipefail\n");
        text.Append($"exec {string.Join(" ", Netgeo.Select(Quote))} --threads {CpusPerTask.ToString(CultureInfo.InvariantCulture)} --cell \"$SLURM_ARRAY_TASK_ID\"\n");
        return text.ToString();
    }

    /// <summary>A word for bash: as it is when it holds nothing bash would read specially, else in single quotes.</summary>
    private static string Quote(string word) => SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})$")]
    private static partial Regex TimeLimit();

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex MemorySize();

    [GeneratedRegex(@"^[A-Za-z0-9_./=:,+\-]+$")]
    private static partial Regex SafeWord();
}

using System.CommandLine;
using NetGeometry.Engine;
using NetGeometry.Geometry.Quantum;
using NetGeometry.Spectral;

namespace NetGeometry.Cli;

/// <summary>
/// The valid range of every numeric option of every command, in one table. <see cref="Apply"/> walks the command
/// tree once: each numeric option gets its range appended to its --help text and a validator, so a value out of range
/// is a parse error (one line, exit status 2) before any command starts work. A numeric option without a range here
/// is a defect, caught the first time the tree is built. Sizes whose cost is memory (examples, widths, dimensions)
/// have no fixed upper bound: the memory budget (--max-memory, <see cref="MemoryBudget"/>) refuses what does not fit.
/// </summary>
public static class OptionRanges
{
    /// <summary>Repetitions, draws and layer counts: a generous bound on work measured in whole passes.</summary>
    public const int MaxRepetitions = 1000;

    private const string Memory = "bounded by --max-memory";

    private static readonly ValueRange Count = ValueRange.AtLeast(1), Size = ValueRange.AtLeast(1) with { Note = Memory };
    private static readonly ValueRange Positive = ValueRange.Above(0), Step = ValueRange.AtLeast(0);
    private static readonly ValueRange Threads = ValueRange.Between(1, TorchRuntime.MaxThreads, "4 per core");
    private static readonly ValueRange Repetitions = ValueRange.Between(1, MaxRepetitions);

    /// <summary>Ranges by option name, or by "command path --name" where one command's option means something else.</summary>
    private static readonly Dictionary<string, ValueRange> Table = new()
    {
        // shared options
        ["--seed"] = ValueRange.Any,
        ["--threads"] = Threads,
        ["--jobs"] = Threads,
        ["--max-memory"] = Positive,
        ["--graph-memory"] = ValueRange.AtLeast(0) with { Note = Memory },
        ["--depth"] = Repetitions,
        ["--sopt-fraction"] = new ValueRange(0, 1, OpenMin: true, OpenMax: true),
        ["--train"] = Size,
        ["--test"] = ValueRange.AtLeast(0) with { Note = Memory },
        ["--dim"] = Size,
        ["--teacher-width"] = Size,
        ["--label-noise"] = ValueRange.AtLeast(0),
        ["--step"] = Step,
        ["--examples"] = Size,
        ["--tol"] = Positive,
        ["--tolerance"] = new ValueRange(0, 1, OpenMin: true, OpenMax: true),
        ["--max-products"] = Size,
        ["--reps"] = Repetitions,
        ["--n"] = Size,
        ["--d"] = Size,
        ["--width"] = Size,
        ["--cell"] = Step,
        ["--shard-count"] = Count,
        ["--q"] = ValueRange.Between(1, 1e6, "q^2 at most 1e12: beyond, shooting's matrices overflow (1e100 gave NaN)"),
        // train
        ["--lr"] = Positive,
        ["--momentum"] = new ValueRange(0, 1, OpenMax: true),
        ["--steps"] = Step,
        ["--epochs"] = Count,
        ["--batch-size"] = Count,
        ["--opt-lr"] = Positive,
        ["--ogd-tolerance"] = ValueRange.AtLeast(0),
        ["--or-penalty"] = ValueRange.AtLeast(0),
        ["--sopt-episode"] = Count,
        // bench
        ["bench du --steps"] = Count,
        ["bench hvp --k"] = Count with { Note = "at most the parameter count" },
        ["bench hvp --basis"] = ValueRange.AtLeast(0) with { Note = "0 for the default, else at least --k + 2; " + Memory },
        ["bench hvp --reference-tol"] = ValueRange.AtLeast(0) with { Note = "0 for no reference" },
        // ntk
        ["ntk --top-k"] = Count with { Note = "at most --max-products" },
        ["ntk --density-probes"] = Repetitions,
        ["ntk --density-steps"] = ValueRange.AtLeast(2) with { Note = Memory },
        ["ntk --sigma"] = Positive,
        // landscape
        ["landscape --grid"] = ValueRange.Between(2, Experiments.Analyses.Landscapes.LandscapeSpec.MaxGrid, "points a side: at most 101 x 101 evaluations of the loss over the data"),
        ["landscape --line-points"] = ValueRange.Between(0, Experiments.Analyses.Landscapes.LandscapeSpec.MaxLinePoints, "0 for no lines"),
        ["landscape --range"] = ValueRange.Between(0, 100) with { OpenMin = true },
        // hessian
        ["hessian --top-k"] = Count with { Note = "at most the parameter count" },
        ["hessian --trace-products"] = ValueRange.AtLeast(6) with { Note = Memory },
        ["hessian --density-probes"] = Repetitions,
        ["hessian --density-steps"] = ValueRange.AtLeast(2) with { Note = Memory },
        ["hessian --sigma"] = Positive,
        // spectrum
        ["spectrum --d"] = ValueRange.Between(2, FunkHecke.MaxDimension, "the quadrature's reach"),
        ["spectrum --max-degree"] = ValueRange.Between(0, FunkHecke.MaxDegree),
        // sensitivity, complexity
        ["sensitivity --draws"] = Repetitions,
        ["sensitivity --columns"] = ValueRange.Between(2, MaxRepetitions),
        ["complexity --band"] = ValueRange.AtLeast(0),
        // submit slurm
        ["submit slurm --parallel"] = Count,
        ["submit slurm --cpus-per-task"] = ValueRange.Between(1, SlurmArrayScript.MaxCpusPerTask, "the node's CPUs bound what the task may use"),
        // circuit
        ["circuit --qubits"] = ValueRange.Between(1, 3),
        ["circuit --cheap-bodies"] = ValueRange.Between(1, 3),
        ["circuit --steps"] = ValueRange.Between(1, new ShootingOptions().MaxSteps, "the steps double up to it"),
    };

    /// <summary>Adds its range to every numeric option under <paramref name="root"/>.</summary>
    public static void Apply(Command root) => Apply(root, "");

    private static void Apply(Command command, string path)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<int> o: Check(o, path, v => v); break;
                case Option<int?> o: Check(o, path, v => v); break;
                case Option<long> o: Check(o, path, v => v); break;
                case Option<long?> o: Check(o, path, v => v); break;
                case Option<double> o: Check(o, path, v => v); break;
                case Option<double?> o: Check(o, path, v => v); break;
            }
        }
        foreach (var sub in command.Subcommands) Apply(sub, $"{path}{sub.Name} ");
    }

    private static void Check<T>(Option<T> option, string path, Func<T, double?> number)
    {
        var range = Table.GetValueOrDefault(path + option.Name) ?? Table.GetValueOrDefault(option.Name)
            ?? throw new InvalidOperationException($"netgeo {path}{option.Name} has no range in OptionRanges.");
        option.Description = $"{option.Description} Range: {range}.";
        option.Validators.Add(result =>
        {
            T? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // the text is not a number at all: the parser reports that itself
            }
            if (value is not null && number(value) is { } x && !range.Contains(x))
                result.AddError($"{option.Name} must be {(double.IsFinite(x) ? "" : "a finite number, ")}{range}, got {ValueRange.Number(x)}");
        });
    }
}

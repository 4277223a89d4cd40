using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments.Specs;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// The pre-flight of sweeps: before any folder is made or any cell trains, every cell's spec is read, its data are
/// loaded, its network is built for them and its probes are asked whether they can measure it
/// (<see cref="RunExecutor.Check"/>). Every problem found is reported at once, one line each, naming the sweep and
/// the cells it concerns (cells with the same problem share a line).
/// </summary>
/// <remarks>
/// Data are loaded once per distinct data spec (the cells that share one are checked together, then the data are
/// released), with the seed of the first such cell: which examples are drawn depends on the seed, but their count,
/// dimension, targets and whether they load at all do not. So a sweep of 48 cells over four data variants loads its
/// data four times, and holds one variant in memory at a time.
/// </remarks>
internal static class Preflight
{
    /// <summary>How many cells a problem line names before it says "and N more".</summary>
    private const int NamedCells = 3;

    /// <summary>
    /// Checks one sweep; returns its cells when it has no problem, and otherwise throws an <see cref="InputException"/>
    /// whose message has one line per problem.
    /// </summary>
    public static IReadOnlyList<SweepCell> Check(ExperimentSpec sweep) => Check([(null, sweep)])[0];

    /// <summary>
    /// Checks several sweeps (a reproduction's name, or null, with its sweep); returns each one's cells when none has
    /// a problem, and otherwise throws an <see cref="InputException"/> listing every problem of every sweep, one line
    /// each, prefixed by the sweep's name where one is given.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<SweepCell>> Check(IReadOnlyList<(string? Name, ExperimentSpec Sweep)> sweeps)
    {
        var problems = new List<InputMessage>();
        var cells = new List<IReadOnlyList<SweepCell>>();
        foreach (var (name, sweep) in sweeps)
        {
            var (sweepCells, sweepProblems) = Inspect(sweep);
            cells.Add(sweepCells);
            problems.AddRange(sweepProblems.Select(p => name is null ? p : (InputMessage)$"{name}: {p}"));
        }
        InputException.Require(problems.Count == 0, InputMessage.Lines(problems));
        return cells;
    }

    /// <summary>A sweep's cells (none when the spec itself is bad) and its problems.</summary>
    private static (IReadOnlyList<SweepCell> Cells, IReadOnlyList<InputMessage> Problems) Inspect(ExperimentSpec sweep)
    {
        IReadOnlyList<SweepCell> cells;
        try
        {
            RunDirectory.RequireValidName(sweep.Name);
            cells = sweep.Cells();
        }
        catch (InputException e)
        {
            return ([], [e.Text]);
        }
        var failures = new List<(int Cell, InputException Error)>();
        var byData = Enumerable.Range(0, cells.Count).GroupBy(i => JsonSerializer.Serialize(cells[i].Spec.Data, RunSpec.Json));
        foreach (var group in byData)
        {
            DataSplit data;
            try
            {
                data = cells[group.First()].Spec.Data.Load(cells[group.First()].Spec.Seed);
            }
            catch (InputException e)
            {
                failures.AddRange(group.Select(i => (i, e)));
                continue;
            }
            using (data)
                foreach (var i in group)
                {
                    try
                    {
                        RunExecutor.Check(cells[i].Spec, data);
                    }
                    catch (InputException e)
                    {
                        failures.Add((i, e));
                    }
                }
        }
        var problems = failures.GroupBy(f => f.Error.Message).OrderBy(g => g.Min(f => f.Cell))
            .Select(g => SpecSchema.InSpecTerms(g.First().Error.Text, Where(sweep, cells, g.Select(f => f.Cell).Order().ToList())))
            .ToList();
        return (cells, problems);
    }

    /// <summary>"spec.json" for a sweep of one cell; else the cells: "every sweep cell", or their labels.</summary>
    private static string Where(ExperimentSpec sweep, IReadOnlyList<SweepCell> cells, IReadOnlyList<int> failing)
    {
        if (sweep.Axes.Count == 0) return sweep.Source;
        if (failing.Count == cells.Count && cells.Count > 1) return $"{sweep.Source}, every sweep cell";
        var named = string.Join(", ", failing.Take(NamedCells).Select(i => cells[i].Label));
        var more = failing.Count > NamedCells ? $" and {failing.Count - NamedCells} more" : "";
        return $"{sweep.Source}, sweep cell{(failing.Count > 1 ? "s" : "")} {named}{more}";
    }
}

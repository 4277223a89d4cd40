using System.CommandLine;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo repair: rebuilds a sweep's damaged (or deleted) results.sqlite from its finished cell folders, running
/// nothing again, and says which cells it could not put back.
/// </summary>
public static class RepairCommand
{
    public static Command Create()
    {
        var command = new Command("repair",
            "Rebuild a sweep's results.sqlite from its cell folders when it is damaged or missing: each finished cell's folder " +
            "holds the cell's own complete store, so nothing runs again. The damaged file is kept as results.sqlite.damaged-<UTC time>; " +
            "cells that cannot be put back are listed with the reason, and the next `netgeo run` of the sweep runs them again. " +
            "Exit status 0 when every cell folder was put back, 1 when some could not be.\n\nExample:\n" +
            "  netgeo repair runs/width-sweep");
        var folder = new Argument<string>("folder") { Description = "The sweep's folder (runs/<name>/, holding sweep.json)." };
        command.Arguments.Add(folder);
        command.SetAction(parsed =>
        {
            var outcome = SweepRepair.Rebuild(parsed.GetValue(folder)!);
            if (outcome.WasIntact)
            {
                Console.WriteLine($"{outcome.Store} reads whole; nothing to repair.");
                return ExitCodes.Success;
            }
            var total = outcome.Recovered.Count + outcome.Lost.Count + outcome.NotRun;
            Console.WriteLine($"rebuilt {outcome.Store} with {outcome.Recovered.Count} of {total} cells from their folders" +
                (outcome.NotRun > 0 ? $" ({outcome.NotRun} never ran)" : "") +
                (outcome.KeptDamaged is null ? "." : $"; the damaged file is kept as {Path.GetFileName(outcome.KeptDamaged)}."));
            foreach (var lost in outcome.Lost)
                Console.WriteLine($"cell {lost.Cell.Label} not recovered: {lost.Reason}.");
            if (outcome.Lost.Count + outcome.NotRun > 0)
                Console.WriteLine("`netgeo run` of the sweep's spec runs the cells not recovered; the others are not run again.");
            return outcome.Lost.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}

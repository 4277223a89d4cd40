using System.CommandLine;
using NetGeometry.Experiments.Reports;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo collect: after the tasks of a job array ran a sweep's (or a reproduction's) cells, copies every finished
/// cell into the sweep's store, lists the cells still out with the array index to run again, and once every cell is
/// in writes the sweep's exports and report, or runs the reproduction's analysis and prints its verdicts.
/// </summary>
public static class CollectCommand
{
    public static Command Create()
    {
        var command = new Command("collect",
            "Gather a sweep or reproduction whose cells ran as the tasks of a job array (netgeo submit slurm, or --cell/--shard): " +
            "copies each finished cell's store into the sweep's results.sqlite (collecting again copies nothing twice), lists the cells " +
            "not run, failed or half-written (a task killed midway) with the array index to run again, and when every cell is in, writes " +
            "cells.csv, metrics.csv and report.html; for a reproduction it runs the analysis and prints the verdicts as netgeo reproduce does. " +
            "Exit status 4 while cells are still out; once every cell is in, 0 (a reproduction: 0, 3 or 1 as netgeo reproduce).\n\nExamples:\n" +
            "  netgeo collect runs/width-sweep\n" +
            "  netgeo collect runs/opt2021-full --json");
        var folder = new Argument<string>("folder") { Description = "The sweep's folder (runs/<name>/, holding sweep.json)." };
        var json = new Option<bool>("--json") { Description = "Print JSON objects, one per line, on stdout: one per cell still out, a summary, then a reproduction's claims." };
        command.Arguments.Add(folder);
        command.Options.Add(json);
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(folder)!;
            bool asJson = parsed.GetValue(json);
            var marker = ReproductionReportPage.ReadMarker(Path.GetFullPath(path));
            var collected = SweepCollector.Collect(path, writeReport: marker is null);
            Print(collected, asJson);
            if (collected.Sweep is not { } sweep) return ExitCodes.Incomplete;
            if (marker is null)
            {
                if (!asJson) SweepLines.Print(sweep);
                return ExitCodes.Success;
            }
            var outcome = SweepLines.Wrote(ReproductionRunner.Conclude(ReproductionCatalog.Find(marker.Reproduction), marker.Profile, sweep));
            ReproduceCommand.PrintVerdicts([outcome], asJson);
            foreach (var check in outcome.Checks.Where(c => !c.Holds)) Console.Error.WriteLine(VerdictSummary.CheckFailedLine(outcome, check));
            return ReproduceCommand.ExitStatus([outcome]);
        });
        return command;
    }

    private static void Print(CollectOutcome collected, bool json)
    {
        var rerun = collected.Unfinished.Select(u => u.Index).ToList();
        if (json)
        {
            foreach (var u in collected.Unfinished)
                JsonLines.Write(new Dictionary<string, object?>
                {
                    ["index"] = u.Index, ["cell"] = u.Cell.Label, ["key"] = u.Cell.Key, ["state"] = Name(u.Kind), ["message"] = u.Message,
                });
            JsonLines.Write(new Dictionary<string, object?>
            {
                ["sweep_dir"] = collected.Directory, ["cells"] = collected.CellCount, ["stored"] = collected.Stored,
                ["copied"] = collected.Copied, ["complete"] = collected.Sweep is not null, ["rerun"] = rerun,
            });
            return;
        }
        Console.WriteLine($"{collected.Directory}: copied {collected.Copied} finished cells; {collected.Stored} of {collected.CellCount} cells are in its store.");
        foreach (var u in collected.Unfinished)
            Console.WriteLine($"  cell {u.Index} ({u.Cell.Label}): {Name(u.Kind)}{(u.Message is null ? "" : $": {u.Message}")}");
        if (rerun.Count > 0)
            Console.WriteLine($"run them again: sbatch --array={string.Join(",", rerun)} {Path.Combine(collected.Directory, SlurmArrayScript.Folder, SlurmArrayScript.File)} " +
                "(or netgeo run/reproduce with --cell I), then collect again.");
    }

    private static string Name(UnfinishedKind kind) => kind switch
    {
        UnfinishedKind.Missing => "not run",
        UnfinishedKind.Failed => "failed",
        _ => "half-written (its task was killed, or is still running)",
    };
}

using System.CommandLine;
using NetGeometry.Experiments.Reports;

namespace NetGeometry.Cli.Commands;

/// <summary>netgeo report: (re)writes the self-contained report.html of a run, sweep or reproduction folder, or runs/index.html.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report",
            "Write report.html for a run, sweep or reproduction folder (the spec, the verdict table, every figure with a caption, the metrics " +
            "tables; one self-contained file that opens offline), or runs/index.html for a runs folder. Runs, sweeps and reproductions " +
            "write theirs when they end; this rewrites one.\n\nExamples:\n" +
            "  netgeo report runs/lazy-training-quick\n" +
            "  netgeo report runs");
        var folder = new Argument<string>("folder") { Description = "A run, sweep or reproduction folder, or a runs folder (or the folder holding runs/)." };
        command.Arguments.Add(folder);
        command.SetAction(parsed =>
        {
            Console.WriteLine(ReportWriter.Write(parsed.GetValue(folder)!));
            return ExitCodes.Success;
        });
        return command;
    }
}

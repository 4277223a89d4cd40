using System.CommandLine;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Training;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo run: runs an experiment spec (a JSON file; docs/experiments.md), each cell of its sweep an ordinary run,
/// into runs/&lt;name&gt;/, skipping the cells an earlier run of the same sweep finished.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run",
            "Run an experiment spec (JSON: model, data, optimizer, steps, probes and sweep axes; see docs/experiments.md). " +
            "Each cell of the sweep is an ordinary run under runs/<name>/cells/; finished cells are kept in runs/<name>/results.sqlite " +
            "and skipped when the sweep runs again, so a stopped sweep resumes where it stopped.\n\nExamples:\n" +
            "  netgeo run examples/width-sweep.json\n" +
            "  netgeo run examples/width-sweep.json --jobs 2 --json");
        var spec = new Argument<string>("spec") { Description = "The experiment spec file (JSON)." };
        var jobs = new Option<int>("--jobs") { Description = "Cells to run at once (threads; each gets cores/jobs libtorch threads unless --threads says otherwise).", DefaultValueFactory = _ => 1 };
        var keep = new KeepOption();
        var common = new CommonOptions();
        command.Arguments.Add(spec);
        foreach (var option in new Option[] { jobs, keep.Option, common.Threads, common.MaxMemory, common.Device, common.Out, common.Json }) command.Options.Add(option);

        command.SetAction(parsed =>
        {
            var jobCount = parsed.GetValue(jobs);
            var retention = CheckpointRetention.For(keep.Read(parsed));
            common.ConfigureTorch(parsed, jobCount);
            var outRoot = common.WritableOut(parsed);
            var experiment = ExperimentSpec.Load(parsed.GetValue(spec)!);
            bool json = parsed.GetValue(common.Json);
            var outcome = SweepRunner.Run(experiment, outRoot, jobCount,
                SweepLines.Progress(experiment.Name, json ? SweepDirectory.PathOf(outRoot, experiment.Name) : null), retention: retention);
            if (!json) SweepLines.Print(outcome);
            return outcome.AllCompleted ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}

using System.CommandLine;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Training;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo run: runs an experiment spec (a JSON file; docs/experiments.md), each cell of its sweep an ordinary run,
/// into runs/&lt;name&gt;/, skipping the cells an earlier run of the same sweep finished; with --cell or --shard (or in a
/// job array's task) only some cells, which <c>netgeo collect</c> gathers afterwards (docs/scaling.md).
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
            "  netgeo run examples/width-sweep.json --jobs 2 --json\n" +
            "  netgeo run examples/width-sweep.json --shard 0/4      # one of four processes; then: netgeo collect runs/width-sweep\n" +
            "  netgeo submit slurm examples/width-sweep.json         # the cells as a Slurm job array");
        var spec = new Argument<string>("spec") { Description = "The experiment spec file (JSON)." };
        var jobs = new Option<int>("--jobs") { Description = "Cells to run at once (threads; each gets cores/jobs libtorch threads unless --threads says otherwise).", DefaultValueFactory = _ => 1 };
        var keep = new KeepOption();
        var selection = new CellSelectionOptions();
        var common = new CommonOptions();
        command.Arguments.Add(spec);
        foreach (var option in (Option[])[jobs, keep.Option, .. selection.All, common.Threads, common.MaxMemory, common.Device, common.Out, common.Json]) command.Options.Add(option);

        command.SetAction(parsed =>
        {
            var jobCount = parsed.GetValue(jobs);
            var retention = CheckpointRetention.For(keep.Read(parsed));
            common.ConfigureTorch(parsed, jobCount);
            var outRoot = common.WritableOut(parsed);
            var experiment = ExperimentSpec.Load(parsed.GetValue(spec)!);
            var selected = selection.Read(parsed);
            bool json = parsed.GetValue(common.Json);
            var progress = SweepLines.Progress(selected is null ? experiment.Name : $"{experiment.Name} ({selected})",
                json ? SweepDirectory.PathOf(outRoot, experiment.Name) : null);
            var outcome = selected is null
                ? SweepRunner.Run(experiment, outRoot, jobCount, progress, retention: retention)
                : SweepRunner.RunSelected(experiment, selected, outRoot, jobCount, progress, retention: retention);
            if (!json) SweepLines.Print(outcome);
            return outcome.AllCompleted ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}

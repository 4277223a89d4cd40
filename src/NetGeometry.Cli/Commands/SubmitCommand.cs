using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Reports;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using Profile = NetGeometry.Experiments.Reproductions.Profile;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo submit slurm: runs a sweep's (or a reproduction's) cells as a Slurm job array, one task per cell
/// (<see cref="SlurmArrayScript"/>), after the pre-flight of every cell on the submitting machine; <c>netgeo collect</c>
/// gathers them. docs/scaling.md.
/// </summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var command = new Command("submit", "Run a sweep or reproduction on a cluster, as a job array (docs/scaling.md).");
        command.Subcommands.Add(Slurm());
        return command;
    }

    private static Command Slurm()
    {
        var command = new Command("slurm",
            "Submit a sweep (an experiment spec) or a reproduction (by name) as a Slurm job array, one task per cell: checks every cell here " +
            "first, writes <out>/runs/<name>/slurm/array.sbatch (each task: netgeo run|reproduce ... --cell $SLURM_ARRAY_TASK_ID, its log in " +
            "slurm/logs/), submits it with sbatch and prints the job id. The out folder must be on a filesystem the nodes share. When the tasks " +
            "are done, `netgeo collect runs/<name>` gathers them (and lists any task to run again). Refused when sbatch is not on the PATH; " +
            "--dry-run prints the script and writes nothing.\n\nExamples:\n" +
            "  netgeo submit slurm opt2021 --profile full --parallel 8 --time 2:00:00 --mem 4G --dry-run\n" +
            "  netgeo submit slurm examples/width-sweep.json --partition cpu --cpus-per-task 2");
        var target = new Argument<string>("spec-or-reproduction") { Description = "An experiment spec file (JSON), or a reproduction's name (netgeo reproduce --list)." };
        var profile = new Option<string?>("--profile") { Description = "A reproduction's profile: quick or full (default quick)." };
        var parallel = new Option<int?>("--parallel") { Description = "At most this many tasks at once (the array's %K; default: as many as Slurm gives)." };
        var partition = new Option<string?>("--partition") { Description = "The partition (default: the cluster's)." };
        var time = new Option<string?>("--time") { Description = "Time limit per task, as sbatch takes it (e.g. 30, 1:30:00, 1-00); docs/scaling.md gives measured cell times." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per task; each task runs libtorch on as many threads.", DefaultValueFactory = _ => 1 };
        var memory = new Option<string?>("--mem") { Description = "Memory per task, as sbatch takes it (e.g. 4G)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the script; write and submit nothing." };
        var common = new CommonOptions();
        command.Arguments.Add(target);
        foreach (var option in new Option[] { profile, parallel, partition, time, cpus, memory, dryRun, common.Out, common.Json }) command.Options.Add(option);

        command.SetAction(parsed =>
        {
            var root = Path.GetFullPath(parsed.GetValue(common.Out)!);
            var (sweep, reproduction, chosenProfile) = Target(parsed.GetValue(target)!, parsed.GetValue(profile));
            var cells = Preflight.Check([(reproduction?.Name, sweep)])[0];
            var folder = SweepDirectory.PathOf(root, sweep.Name);
            var call = reproduction is null
                ? Netgeo("run", Path.Combine(folder, SlurmArrayScript.Folder, SweepDirectory.SpecFile), "--out", root)
                : Netgeo("reproduce", reproduction.Name, $"--{chosenProfile.ToString().ToLowerInvariant()}", "--out", root);
            var script = new SlurmArrayScript($"netgeo-{sweep.Name}", cells.Count, folder, call, parsed.GetValue(parallel),
                parsed.GetValue(cpus), parsed.GetValue(partition), parsed.GetValue(time), parsed.GetValue(memory));
            script.Validate();
            if (parsed.GetValue(dryRun))
            {
                Console.Write(script.Text());
                return ExitCodes.Success;
            }
            var sbatch = OnPath("sbatch") ?? throw new InputException("sbatch is not on the PATH: netgeo submit slurm needs a Slurm client on this machine (--dry-run prints the script).");
            root = OutputRoot.RequireWritable(root);
            SweepDirectory.Prepare(root, sweep);
            var slurmFolder = Path.Combine(folder, SlurmArrayScript.Folder);
            Directory.CreateDirectory(Path.Combine(slurmFolder, "logs"));
            if (reproduction is null) AtomicFile.WriteAllText(Path.Combine(slurmFolder, SweepDirectory.SpecFile), sweep.ToJson());
            else ReproductionReportPage.WriteMarker(folder, reproduction, chosenProfile);
            var scriptPath = Path.Combine(slurmFolder, SlurmArrayScript.File);
            AtomicFile.WriteAllText(scriptPath, script.Text());
            var jobId = Submit(sbatch, scriptPath);
            if (parsed.GetValue(common.Json))
                JsonLines.Write(new Dictionary<string, object?> { ["job_id"] = jobId, ["tasks"] = cells.Count, ["script"] = scriptPath, ["sweep_dir"] = folder });
            else
                Console.WriteLine($"submitted job {jobId}: {cells.Count} tasks, one per cell of {sweep.Name}; script {scriptPath}, logs in {Path.Combine(slurmFolder, "logs")}.\n" +
                    $"when they are done: netgeo collect {folder}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The sweep a spec file or a reproduction's name (with its profile) stands for.</summary>
    private static (ExperimentSpec Sweep, IReproduction? Reproduction, Profile Profile) Target(string target, string? profile)
    {
        if (File.Exists(target) || target.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            InputException.Require(profile is null, "--profile is for a reproduction; a spec file is run as it is.");
            return (ExperimentSpec.Load(target), null, Profile.Quick);
        }
        var reproduction = ReproductionCatalog.Find(target);
        var chosen = profile?.ToLowerInvariant() switch
        {
            null or "quick" => Profile.Quick,
            "full" => Profile.Full,
            var other => throw new InputException($"--profile must be quick or full, got '{other}'."),
        };
        return (reproduction.Plan(chosen).Sweep, reproduction, chosen);
    }

    /// <summary>This netgeo's call, with absolute paths (the nodes run it): the apphost, or dotnet and netgeo.dll.</summary>
    private static List<string> Netgeo(params string[] arguments)
    {
        var process = Environment.ProcessPath ?? throw new InputException("cannot tell which program runs netgeo here; run it as netgeo or dotnet netgeo.dll.");
        var call = Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, Assembly.GetEntryAssembly()!.Location] : new List<string> { process };
        call.AddRange(arguments);
        return call;
    }

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    /// <summary>Runs sbatch --parsable on the script; its job id, or its refusal as bad input.</summary>
    private static string Submit(string sbatch, string scriptPath)
    {
        var start = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        start.ArgumentList.Add(scriptPath);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var firstError = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim();
        InputException.Require(process.ExitCode == 0, $"sbatch refused the job ({firstError ?? $"exit status {process.ExitCode}"}); the script is {scriptPath}.");
        return output.Result.Trim().Split(';')[0];
    }
}

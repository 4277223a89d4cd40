using System.CommandLine;
using NetGeometry.Engine;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using Spectre.Console;
using Profile = NetGeometry.Experiments.Reproductions.Profile;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo reproduce: runs named reproductions of papers' claims (quick or full profile) and prints their
/// verdicts (one line per claim and per check, see <see cref="VerdictSummary"/>); exit status 0 when every claim holds,
/// 3 when every check passed but a claim does not hold, 1 when a check failed or a reproduction stopped with an error.
/// Every cell of every chosen reproduction is checked before the first runs (bad input: exit status 2, one line per
/// problem); one that fails while running does not stop the others.
/// </summary>
public static class ReproduceCommand
{
    public static Command Create()
    {
        var command = new Command("reproduce",
            "Reproduce a paper's claim: run its sweep, fit what it predicts, and print a verdict per claim (writes runs/<name>-<profile>/ " +
            "with report.html, claims.jsonl and figures). Exit status 0 when every claim holds, 3 when a claim does not hold, 1 when a " +
            "check (an identity or implementation invariant) failed or a reproduction stopped with an error.\n\nExamples:\n" +
            "  netgeo reproduce --list\n" +
            "  netgeo reproduce lazy-training --quick --json\n" +
            "  netgeo reproduce --all --quick\n" +
            "  netgeo reproduce opt2021 --full --cell 7     # one task of a job array; then: netgeo collect runs/opt2021-full");
        var name = new Argument<string?>("name") { Description = "The reproduction to run (see --list).", Arity = ArgumentArity.ZeroOrOne };
        var quick = new Option<bool>("--quick") { Description = "The quick profile, about a minute on 2 cores (the default)." };
        var full = new Option<bool>("--full") { Description = "The full profile: the paper's scale where this machine allows." };
        var all = new Option<bool>("--all") { Description = "Run every reproduction." };
        var list = new Option<bool>("--list") { Description = "List the reproductions and exit." };
        var jobs = new Option<int>("--jobs") { Description = "Cells to run at once (threads).", DefaultValueFactory = _ => 1 };
        var keep = new KeepOption();
        var selection = new CellSelectionOptions();
        var common = new CommonOptions();
        command.Arguments.Add(name);
        foreach (var option in (Option[])[quick, full, all, list, jobs, keep.Option, .. selection.All, common.Threads, common.MaxMemory, common.Device, common.Out, common.Json]) command.Options.Add(option);

        command.SetAction(parsed =>
        {
            bool json = parsed.GetValue(common.Json);
            if (parsed.GetValue(list))
            {
                PrintList(json);
                return ExitCodes.Success;
            }
            InputException.Require(!(parsed.GetValue(quick) && parsed.GetValue(full)), "give --quick or --full, not both.");
            var chosen = parsed.GetValue(all) ? ReproductionCatalog.All
                : parsed.GetValue(name) is { } n ? [ReproductionCatalog.Find(n)]
                : throw new InputException("name a reproduction (netgeo reproduce --list shows them) or give --all.");
            InputException.Require(!(parsed.GetValue(all) && parsed.GetValue(name) is not null), "give a reproduction name or --all, not both.");
            var profile = parsed.GetValue(full) ? Profile.Full : Profile.Quick;
            int jobCount = parsed.GetValue(jobs);
            var keeping = keep.Read(parsed);
            common.ConfigureTorch(parsed, jobCount);
            var outRoot = common.WritableOut(parsed);
            if (selection.Read(parsed) is { } selected)
            {
                InputException.Require(chosen.Count == 1, "--cell and --shard run part of one reproduction: name it instead of --all.");
                var part = ReproductionRunner.RunSelected(chosen[0], profile, selected, outRoot, jobCount,
                    SweepLines.Progress($"{chosen[0].Name} ({profile.ToString().ToLowerInvariant()}, {selected})",
                        parsed.GetValue(common.Json) ? SweepDirectory.PathOf(outRoot, chosen[0].Plan(profile).Sweep.Name) : null), keep: keeping);
                return part.Cells.Any(c => c.Status == Training.RunStatus.Failed) ? ExitCodes.Failed : ExitCodes.Success;
            }
            var outcomes = ReproductionRunner.Run(chosen, profile, outRoot, jobCount,
                r => SweepLines.Progress($"{r.Name} ({profile.ToString().ToLowerInvariant()})"), keep: keeping);
            PrintVerdicts(outcomes.Where(o => o.Error is null).Select(SweepLines.Wrote).ToList(), json);
            foreach (var o in outcomes.Where(o => o.Error is not null)) Console.Error.WriteLine(VerdictSummary.ErrorLine(o.Reproduction.Name, InputErrors.Render(o.Error!.Value, command)));
            foreach (var o in outcomes) foreach (var check in o.Checks.Where(c => !c.Holds)) Console.Error.WriteLine(VerdictSummary.CheckFailedLine(o, check));
            return ExitStatus(outcomes);
        });
        return command;
    }

    /// <summary>1 for a defect (an error, a failed check), else 3 when a claim does not hold, else 0.</summary>
    internal static int ExitStatus(IReadOnlyList<ReproductionOutcome> outcomes) =>
        !outcomes.All(o => o.Sound) ? ExitCodes.Failed : outcomes.All(o => o.ClaimsHold) ? ExitCodes.Success : ExitCodes.ClaimsDoNotHold;

    private static void PrintList(bool json)
    {
        if (json)
        {
            foreach (var r in ReproductionCatalog.All)
                JsonLines.Write(new Dictionary<string, object?> { ["name"] = r.Name, ["description"] = r.Description, ["paper"] = r.Paper });
            return;
        }
        var table = new Table().AddColumn("name").AddColumn("what it checks").AddColumn("paper");
        foreach (var r in ReproductionCatalog.All) table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Description), Markup.Escape(r.Paper));
        AnsiConsole.Write(table);
    }

    internal static void PrintVerdicts(IReadOnlyList<ReproductionOutcome> outcomes, bool json)
    {
        if (json)
        {
            foreach (var o in outcomes)
                foreach (var c in o.Claims) JsonLines.Write(c.JsonFields(o.Reproduction.Name, o.Profile));
            return;
        }
        new VerdictSummary(VerdictSummary.ConsoleWidth()).Print(outcomes);
    }
}

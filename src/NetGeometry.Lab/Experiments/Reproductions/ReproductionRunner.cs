using NetGeometry.Engine;
using NetGeometry.Experiments.Reports;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// A reproduction that ran: its folder, and either its claims with their verdicts, its sweep and the bytes its folder
/// holds, or the <see cref="Error"/> that stopped it (then it has no claims and no sweep): bad input as the library
/// says it, its fields left for a front end to name (<see cref="InputMessage.Render"/>), or an internal error.
/// </summary>
public sealed record ReproductionOutcome(IReproduction Reproduction, Profile Profile, string Directory, IReadOnlyList<Claim> Claims,
    SweepOutcome? Sweep, long Bytes, InputMessage? Error = null)
{
    /// <summary>The paper's claims among the verdict lines (<see cref="ClaimKind.Claim"/>).</summary>
    public IReadOnlyList<Claim> PaperClaims => Claims.Where(c => c.IsClaim).ToList();

    /// <summary>The checks among the verdict lines (<see cref="ClaimKind.Check"/>).</summary>
    public IReadOnlyList<Claim> Checks => Claims.Where(c => !c.IsClaim).ToList();

    /// <summary>It ran, and every check passed: nothing points at a defect (whatever the claims' verdicts).</summary>
    public bool Sound => Error is null && Checks.All(c => c.Holds);

    /// <summary>It ran, has claims the data can decide, and every one of those holds (a claim not testable on these runs,
    /// <see cref="Claim.Testable"/>, decides nothing).</summary>
    public bool ClaimsHold => Error is null && Claims.Any(c => c.IsTestedClaim) && Claims.Where(c => c.IsTestedClaim).All(c => c.Holds);
}

/// <summary>
/// Runs reproductions: each one's profile's sweep into runs/&lt;name&gt;-&lt;profile&gt;/ (resumable like every sweep), each
/// cell keeping only the checkpoints the plan declares its analysis reads back (everything with <see cref="Keep.All"/>),
/// then its analysis, which writes claims.jsonl, the figures and report.html, and refreshes runs/index.html.
/// </summary>
public static class ReproductionRunner
{
    /// <summary>
    /// Checks every cell of every reproduction first (<see cref="Preflight"/>: bad input is one
    /// <see cref="InputException"/> listing every problem, before any folder is made), then runs them in turn. One
    /// that fails does not stop the others: its outcome carries the error.
    /// </summary>
    /// <param name="progress">The progress of each reproduction's sweep (null: none).</param>
    public static IReadOnlyList<ReproductionOutcome> Run(IReadOnlyList<IReproduction> reproductions, Profile profile, string root,
        int jobs = 1, Func<IReproduction, IProgress<SweepProgress>>? progress = null, CancellationToken cancel = default,
        Keep keep = Keep.Checkpoints)
    {
        SweepRunner.RequireJobs(jobs);
        var plans = reproductions.Select(r => r.Plan(profile)).ToList();
        var cells = Preflight.Check(reproductions.Select((r, i) => ((string?)r.Name, plans[i].Sweep)).ToList());
        var outcomes = new List<ReproductionOutcome>();
        for (int i = 0; i < reproductions.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                var sweep = SweepRunner.Run(plans[i].Sweep, cells[i], root, jobs, progress?.Invoke(reproductions[i]), cancel, writeReport: false,
                    CheckpointRetention.ForAnalysis(keep, plans[i].Checkpoints), plans[i].Computation);
                outcomes.Add(Conclude(reproductions[i], profile, sweep));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var directory = SweepDirectory.PathOf(root, plans[i].Sweep.Name);
                outcomes.Add(new ReproductionOutcome(reproductions[i], profile, directory, [], null, 0, Describe(e, directory)));
            }
        }
        return outcomes;
    }

    /// <summary>
    /// Runs some cells of one reproduction's sweep on behalf of a job array (<paramref name="selection"/>: one task's
    /// cell or shard; <see cref="SweepRunner.RunSelected(Specs.ExperimentSpec, CellSelection, string, int, IProgress{SweepProgress}?, CancellationToken, CheckpointRetention?)"/>),
    /// after the pre-flight of all its cells, and marks the folder as this reproduction's, so that <c>netgeo collect</c>
    /// can conclude it (<see cref="Conclude"/>) once every task is done. No analysis runs here.
    /// </summary>
    public static SweepOutcome RunSelected(IReproduction reproduction, Profile profile, CellSelection selection, string root, int jobs = 1,
        IProgress<SweepProgress>? progress = null, CancellationToken cancel = default, Keep keep = Keep.Checkpoints)
    {
        SweepRunner.RequireJobs(jobs);
        var plan = reproduction.Plan(profile);
        var cells = Preflight.Check([(reproduction.Name, plan.Sweep)])[0];
        ReproductionReportPage.WriteMarker(SweepDirectory.Prepare(root, plan.Sweep), reproduction, profile);
        return SweepRunner.RunSelected(plan.Sweep, cells, selection, root, jobs, progress, cancel, CheckpointRetention.ForAnalysis(keep, plan.Checkpoints),
            plan.Computation);
    }

    /// <summary>
    /// A reproduction whose every cell is in its sweep's store (run here, or collected): marks its folder, runs its
    /// analysis, which writes claims.jsonl, the figures and report.html, and refreshes runs/index.html.
    /// </summary>
    public static ReproductionOutcome Conclude(IReproduction reproduction, Profile profile, SweepOutcome sweep)
    {
        ReproductionReportPage.WriteMarker(sweep.Directory, reproduction, profile);
        var claims = ReproductionReportPage.Write(sweep.Directory, reproduction, profile);
        ReportWriter.RefreshIndex(sweep.Directory);
        return new ReproductionOutcome(reproduction, profile, sweep.Directory, claims, sweep, FolderSize.Bytes(sweep.Directory));
    }

    /// <summary>An error's one line: bad input as it is, anything else named as an internal error whose whole text
    /// (<see cref="ErrorLog"/>) is kept in the reproduction's folder.</summary>
    private static InputMessage Describe(Exception e, string directory)
    {
        if (e is InputException input) return input.Text;
        var log = ErrorLog.Write(directory, e);
        return $"internal error ({e.GetType().Name}): {e.Message.Split('\n')[0]}{(log is null ? "" : $" (details in {log})")}";
    }
}

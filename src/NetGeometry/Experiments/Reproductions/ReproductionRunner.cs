using NetGeometry.Experiments.Reports;
using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>A reproduction that ran: its folder, its claims with their verdicts, its sweep, and the bytes its folder holds.</summary>
public sealed record ReproductionOutcome(IReproduction Reproduction, Profile Profile, string Directory, IReadOnlyList<Claim> Claims, SweepOutcome Sweep,
    long Bytes)
{
    public bool AllHold => Claims.Count > 0 && Claims.All(c => c.Holds);
}

/// <summary>
/// Runs a reproduction: its profile's sweep into runs/&lt;name&gt;-&lt;profile&gt;/ (resumable like every sweep), each cell
/// keeping only the checkpoints the plan declares its analysis reads back (everything with <see cref="Keep.All"/>),
/// then its analysis, which writes claims.jsonl, the figures and report.html, and refreshes runs/index.html.
/// </summary>
public static class ReproductionRunner
{
    public static ReproductionOutcome Run(IReproduction reproduction, Profile profile, string root, int jobs = 1,
        IProgress<SweepProgress>? progress = null, CancellationToken cancel = default, Keep keep = Keep.Checkpoints)
    {
        var plan = reproduction.Plan(profile);
        var sweep = SweepRunner.Run(plan.Sweep, root, jobs, progress, cancel, writeReport: false,
            CheckpointRetention.ForAnalysis(keep, plan.Checkpoints));
        ReproductionReportPage.WriteMarker(sweep.Directory, reproduction, profile);
        var claims = ReproductionReportPage.Write(sweep.Directory, reproduction, profile);
        ReportWriter.RefreshIndex(sweep.Directory);
        return new ReproductionOutcome(reproduction, profile, sweep.Directory, claims, sweep, FolderSize.Bytes(sweep.Directory));
    }
}

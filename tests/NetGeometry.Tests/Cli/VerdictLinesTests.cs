using NetGeometry.Cli;
using NetGeometry.Cli.Commands;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Statistics;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// Claims and checks apart (issue 17): only the paper's claims count in "k of n claims hold" and decide between exit
/// statuses 0 and 3; a failed check is a defect (exit status 1, "check failed" on stderr). Shown on outcomes built from
/// verdict lines, as the command builds them from a reproduction's analysis.
/// </summary>
public sealed class VerdictLinesTests
{
    private static readonly IReproduction Du = new Du2019();

    private static Claim Line(string name, bool holds) => new(name, $"{name} statement", 1.5, new Interval(1, 2), "> 0", holds);

    private static ReproductionOutcome Outcome(params Claim[] lines) => new(Du, Profile.Quick, "runs/du2019-quick", lines, null, 0);

    [Fact]
    public void ChecksAreListedApartAndLeftOutOfTheClaimsCount()
    {
        var outcome = Outcome(Line("rate", true), Line("slope", false), Line("identity", true).AsCheck());
        var lines = new VerdictSummary(120).ClaimLines(outcome).ToList();
        Assert.Equal(5, lines.Count);
        Assert.StartsWith("  rate ", lines[1]);
        Assert.EndsWith("holds", lines[1]);
        Assert.EndsWith("fails", lines[2]);
        Assert.StartsWith("  checks", lines[3]);
        Assert.EndsWith("passes", lines[4]);
        Assert.StartsWith("du2019: 1 of 2 claims hold, 1 of 1 checks pass (", VerdictSummary.SummaryLine(outcome));
    }

    [Fact]
    public void AClaimThatFailsExitsThreeAndAFailedCheckExitsOneWhateverTheClaims()
    {
        Assert.Equal(ExitCodes.Success, ReproduceCommand.ExitStatus([Outcome(Line("rate", true), Line("identity", true).AsCheck())]));
        Assert.Equal(ExitCodes.ClaimsDoNotHold, ReproduceCommand.ExitStatus([Outcome(Line("rate", false), Line("identity", true).AsCheck())]));
        var broken = Outcome(Line("rate", true), Line("identity", false).AsCheck());
        Assert.Equal(ExitCodes.Failed, ReproduceCommand.ExitStatus([broken]));
        Assert.Equal(ExitCodes.Failed, ReproduceCommand.ExitStatus([Outcome(Line("rate", true)), broken]));
        Assert.Contains("check failed: du2019/identity", VerdictSummary.CheckFailedLine(broken, broken.Checks[0]));
        // A reproduction whose lines are all checks has no claim that holds: not a success.
        Assert.Equal(ExitCodes.ClaimsDoNotHold, ReproduceCommand.ExitStatus([Outcome(Line("identity", true).AsCheck())]));
    }

    [Fact]
    public void TheJsonOfALineSaysItsKindItsSeedsAndWhetherItsThresholdCameAfterTheData()
    {
        var fields = Line("window", true).AsCheck().OnSeeds(3).FixedAfterData().JsonFields("du2019", Profile.Full);
        Assert.Equal("check", fields["kind"]);
        Assert.Equal(3, fields["seeds"]);
        Assert.Equal(true, fields["post_hoc"]);
        Assert.Contains(Claim.PostHocText, (string)fields["expected"]!);
        Assert.Equal("claim", Line("rate", true).JsonFields("du2019", Profile.Full)["kind"]);
    }
}

using System.Globalization;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// One of the geometrization reproduction's claims before Holm's correction over all of them (<see cref="HolmCorrection"/>):
/// its name and statement, the measured value with its 95% interval, the direction the claim states (+1: above 0, -1:
/// below), its raw two-sided p-value and where the expectation comes from.
/// </summary>
/// <param name="Untestable">Why no test could be made, from the data (read when <paramref name="P"/> is NaN).</param>
internal sealed record GeometrizationTest(string Name, string Statement, double Measured, Interval? ConfidenceInterval, int Sign, double P, string Why, string Untestable)
{
    /// <summary>The family-wise error rate the Holm-adjusted p-values are held to.</summary>
    public const double Alpha = 0.05;

    /// <summary>A Spearman correlation claim, its p-value by <see cref="SpearmanTest"/>; <paramref name="context"/> ends the
    /// statement's parenthesis (e.g. the pooled rho beside it).</summary>
    /// <param name="runs">How many runs (or layers) the correlation was asked over, finite or not: the untestable reason says it.</param>
    public static GeometrizationTest Correlation(string name, string statement, RankCorrelation r, int runs, int sign, string context, string why) =>
        new(name, $"{statement} (Spearman over {r.Count}{context})", r.Rho, r.ConfidenceInterval, sign, SpearmanTest.PValue(r.Rho, r.Count), why,
            $"both measures are finite in {r.Count} of {runs}, and a rank correlation needs at least 3 with neither side constant");

    /// <summary>A claim on the sign of a mean, with its t interval and the one-sample t test's p-value (n - 1 degrees of freedom).</summary>
    public static GeometrizationTest Mean(string name, string statement, IReadOnlyList<double> values, int sign, string why)
    {
        var mean = values.Count >= 2 ? SampleMean.Of(values) : null;
        return new(name, $"{statement} over {values.Count} runs", mean?.Mean ?? double.NaN, mean?.ConfidenceInterval(), sign,
            mean is null ? double.NaN : SpearmanTest.TwoSided(mean.Mean / mean.StandardError, mean.Count - 1), why,
            $"the quantity is finite in {values.Count} runs, and a t test needs at least 2 that are not all equal");
    }

    /// <summary>The verdict line: holds when the value has the stated sign and the Holm-adjusted p-value is below
    /// <see cref="Alpha"/>; the basis prints the adjusted and the raw p-value and the size of the family. Not testable
    /// (<see cref="Claim.Testable"/>, left out of the Holm family) when no test could be made: the raw p-value is NaN
    /// because the measure is finite in too few runs (or constant).</summary>
    public Claim ToClaim(double adjustedP, int family, int seeds)
    {
        var claim = new Claim(Name, Statement, Measured, ConfidenceInterval,
            $"{(Sign > 0 ? "> 0" : "< 0")}, Holm p < {Alpha.ToString(CultureInfo.InvariantCulture)}", Sign * Measured > 0 && adjustedP < Alpha,
            $"Holm-adjusted p = {PText(adjustedP)} over {family} claims (raw p = {PText(P)}); {Why}").OnSeeds(seeds);
        return double.IsNaN(P) ? claim.NotTestable(Untestable) : claim;
    }

    private static string PText(double p) => p.ToString("G4", CultureInfo.InvariantCulture);
}

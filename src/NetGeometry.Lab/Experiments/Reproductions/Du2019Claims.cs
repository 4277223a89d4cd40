using System.Globalization;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// du2019's verdict lines. Checks: lambda_0 &gt; 0 (true for any random points of the sphere) and the rank of H(0) where
/// m d &lt; n (linear algebra). Claims: the widest nets converge linearly, at Thm. 4.1's rate, with lambda_min(H(t)) &gt;=
/// lambda_0 / 2; the rate and min_t lambda_min(H(t)) / lambda_0 rise with width; the narrowest nets fail Du et al.'s
/// conditions where the widest meet them; the width from which they hold on every seed is measured; movement and
/// pattern change fall like m^(-1/2) there.
/// </summary>
internal static class Du2019Claims
{
    /// <summary>lambda_min(H(0)) / lambda_0 that counts as zero: float64 eigenvalues of a 0.5-diagonal matrix err by about 1e-15.</summary>
    public const double RankTolerance = 1e-9;

    public static Claim[] All(Du2019Evidence e)
    {
        var claims = new List<Claim> { LambdaZero(e) };
        if (e.Runs.Any(r => r.UnderParameterized)) claims.Add(RankDeficient(e));
        claims.AddRange(
        [
            Linearity(e), Rate(e), Stability(e),
            Trend("rate-grows-with-width", "the measured linear rate (minus the slope of ln L(k) against k) rises with width m",
                SeedwiseTrend.Of(e.Runs, r => r.Seed, r => r.Width, r => r.DecayRate), "Du et al. Sec. 6: larger m converges faster"),
            Trend("gram-ratio-grows-with-width", "min_t lambda_min(H(t)) / lambda_0 rises with width m",
                SeedwiseTrend.Of(e.Runs, r => r.Seed, r => r.Width, r => r.LeastGramRatio), "Du et al. Lemmas 3.1, 3.2: H(t) nears H-inf as m grows"),
            NarrowFailWidePass(e), ConditionsWidth(e),
            // The window (widths from the measured conditions width on) was set after the narrow widths were first seen
            // to flatten the all-width fit (to -0.48 and -0.42 on the quick profile, verdicts unchanged).
            Slope("movement-slope", "the largest neuron movement max_r ||w_r(T) - w_r(0)|| falls with width m with a log-log slope near -1/2", e.MovementFit, e),
            Slope("pattern-change-slope", "the activation-pattern change fraction falls with width m with a log-log slope near -1/2", e.PatternFit, e),
        ]);
        return [.. claims];
    }

    private static Claim LambdaZero(Du2019Evidence e)
    {
        double least = e.Runs.Count > 0 ? e.Runs.Min(r => r.LambdaZero) : double.NaN;
        return new Claim("lambda-zero-positive", "lambda_0 = lambda_min(H-inf) is positive on the sampled data (smallest over the seeds)", least, null,
            "> 0", least > 0, "Du et al. Thm. 3.1: no two inputs parallel, true of random points on the sphere").AsCheck().OnSeeds(e.Seeds);
    }

    private static Claim RankDeficient(Du2019Evidence e)
    {
        var under = e.Runs.Where(r => r.UnderParameterized).ToList();
        double largest = under.Max(r => Math.Abs(r.InitialGramRatio));
        string widths = string.Join(", ", under.Select(r => r.Width).Distinct().Order());
        return new Claim("gram-rank-deficient", $"H(0) is singular where m d < n (m = {widths}): largest |lambda_min(H(0))| / lambda_0",
            largest, null, $"<= {F(RankTolerance)}", largest <= RankTolerance, "rank of (X X^T) o (S S^T) / m is at most m d; float64 round-off")
            .AsCheck().OnSeeds(SeedsOf(under));
    }

    private static Claim Linearity(Du2019Evidence e)
    {
        var wide = e.WidestRuns;
        double least = wide.Count > 0 ? wide.Min(r => r.LogLossFit()?.RSquared ?? double.NaN) : double.NaN;
        return new Claim("linear-convergence", $"the widest nets (m = {e.Widest}) converge linearly: ln L(k) against k is a line (least R^2 over the seeds, until round-off)",
            least, null, $">= {F(Du2019.LinearRSquared)}", least >= Du2019.LinearRSquared, "Du et al. Thm. 4.1; on every seed").OnSeeds(SeedsOf(wide));
    }

    private static Claim Rate(Du2019Evidence e)
    {
        var wide = e.WidestRuns;
        double worst = wide.Count > 0 ? wide.Max(r => r.WorstRate) : double.NaN;
        bool holds = wide.Count > 0 && wide.All(r => r.WorstRate <= r.TheoremRate);
        var bounds = wide.Select(r => r.TheoremRate).ToList();
        string range = bounds.Count == 0 ? "" : bounds.Min() == bounds.Max() ? F(bounds[0]) : $"{F(bounds.Min())} to {F(bounds.Max())}";
        return new Claim("convergence-rate", $"the widest nets (m = {e.Widest}) lose loss at least as fast as Thm. 4.1: max over k of (L(k)/L(0))^(1/k), worst seed",
            worst, null, "<= 1 - eta lambda_0 / 2", holds, $"each seed's: {range}; eta = our step / n, Du et al.'s step for 1/2 sum (f - y)^2").OnSeeds(SeedsOf(wide));
    }

    private static Claim Stability(Du2019Evidence e)
    {
        var wide = e.WidestRuns;
        double least = wide.Count > 0 ? wide.Min(r => r.LeastGramRatio) : double.NaN;
        return new Claim("gram-stability", $"lambda_min(H(t)) stays above lambda_0 / 2 at every recorded step for the widest nets (m = {e.Widest}): min_t lambda_min(H(t)) / lambda_0, worst seed",
            least, null, ">= 0.5", least >= 0.5, "Du et al. Lemma 3.2").OnSeeds(SeedsOf(wide));
    }

    private static Claim Trend(string name, string statement, SeedwiseTrend? trend, string basis) =>
        new Claim(name, $"{statement}: Spearman rho of m and it over each seed's widths, mean over seeds", trend?.Mean.Mean ?? double.NaN, trend?.Interval,
            "CI > 0", trend?.Rising ?? false, trend is null ? basis : $"{basis}; per seed: {string.Join(", ", trend.PerSeed.Select(F))}; 95% t CI over seeds")
            .OnSeeds(trend?.PerSeed.Count ?? 0);

    private static Claim NarrowFailWidePass(Du2019Evidence e)
    {
        var narrow = e.NarrowestRuns.ToDictionary(r => r.Seed);
        var paired = e.WidestRuns.Where(r => narrow.ContainsKey(r.Seed) && e.Narrowest < e.Widest).ToList();
        int both = paired.Count(r => r.MeetsConditions && !narrow[r.Seed].MeetsConditions);
        string ratios = string.Join(", ", e.NarrowestRuns.Select(r => F(r.LeastGramRatio))), rates = string.Join(", ", e.NarrowestRuns.Select(r => F(r.WorstRate)));
        return new Claim("narrow-fail-wide-pass",
            $"the narrowest nets (m = {e.Narrowest}) fail Du et al.'s conditions (lambda_min(H(t)) >= lambda_0 / 2 at every step and Thm. 4.1's rate) " +
            $"and the widest (m = {e.Widest}) meet them: seeds where both happen",
            both, null, $"= {paired.Count} (every seed)", paired.Count > 0 && both == paired.Count,
            $"at m = {e.Narrowest}, min_t lambda_min(H(t)) / lambda_0 = {ratios} and max_k (L(k)/L(0))^(1/k) = {rates} by seed").OnSeeds(paired.Count);
    }

    private static Claim ConditionsWidth(Du2019Evidence e)
    {
        double required = e.TheoremWidth;
        string perSeed = string.Join(", ", e.Runs.Select(r => r.Seed).Distinct().Order().Select(s => e.ConditionsWidthOf(s) is { } m ? $"{m}" : "none"));
        return new Claim("conditions-width",
            $"Du et al.'s conditions hold on every seed at every width from m* on, far below Thm. 4.1's width n^6 / (lambda_0^4 delta^3): the measured m*",
            e.ConditionsWidth ?? double.NaN, null, $"<= {required.ToString("0.0E0", CultureInfo.InvariantCulture)}", e.ConditionsWidth <= required,
            $"Thm. 4.1 with constant 1, delta = {F(Du2019.Delta)}; m* per seed: {perSeed}; widths tried {e.Narrowest} to {e.Widest}").OnSeeds(e.Seeds);
    }

    private static Claim Slope(string name, string statement, LinearFit? fit, Du2019Evidence e) =>
        Claim.InRange(name, $"{statement}, over the widths from m* = {(e.ConditionsWidth is { } m ? m : "none")} on ({e.Regime.Count} runs)",
                fit?.Slope ?? double.NaN, Du2019.ExpectedSlope, fit?.SlopeInterval(), "theory: -1/2, where Du et al.'s conditions hold")
            .FixedAfterData().OnSeeds(SeedsOf(e.Regime));

    private static int SeedsOf(IEnumerable<Du2019Run> runs) => runs.Select(r => r.Seed).Distinct().Count();

    private static string F(double value) => Claim.Text(value);
}

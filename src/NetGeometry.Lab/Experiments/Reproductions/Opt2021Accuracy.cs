using NetGeometry.Experiments.Sweeps;
using NetGeometry.Orthogonal;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Opt2021's claims on generalization (Liu et al., CVPR 2021, Sec. 6: OPT generalizes better than standard training),
/// pre-registered from the plan, not picked from the results: for each architecture, one line per map R -> Q against
/// standard training, and one for S-OPT against OPT by the map S-OPT uses. Each is paired by seed (a seed draws the same
/// initial weights, V of the OPT layers, and the same data order for every method) and decides on the 95% t interval
/// over seeds of the mean paired difference in final test accuracy: it holds when the interval lies above 0.
/// </summary>
internal static class Opt2021Accuracy
{
    /// <summary>The summary the claims compare: final test accuracy (a fraction).</summary>
    public const string Metric = "test_accuracy";

    /// <summary>What every line expects of the interval.</summary>
    public const string Expected = "95% CI > 0";

    /// <summary>The lines, in the plan's order of architectures: each map against standard training, then S-OPT against its map.</summary>
    public static IEnumerable<Claim> Claims(SweepResults results)
    {
        var planned = results.Spec.Cells().Select(c => (Architecture: c.Spec.Network.Model, Method: Opt2021.Method(c.Spec.Network))).Distinct().ToList();
        var completed = results.Completed.ToList();
        foreach (var architecture in planned.Select(p => p.Architecture).Distinct())
        {
            var methods = planned.Where(p => p.Architecture == architecture).Select(p => p.Method).ToList();
            var own = completed.Where(c => Opt2021.Architecture(c) == architecture).ToList();
            if (methods.Contains(Opt2021.Standard))
                foreach (var map in methods.Where(OrthogonalMethods.Maps.Contains))
                    yield return Compare(architecture, map, Opt2021.Standard, own, "the paper: OPT generalizes better than standard training");
            if (methods.Contains(Opt2021.Sopt) && methods.Contains(Opt2021.SoptMethod))
                yield return Compare(architecture, Opt2021.Sopt, Opt2021.SoptMethod, own, "the paper: S-OPT, OPT on random subsets of coordinates, generalizes better");
        }
    }

    /// <summary>The line's name: "mlp-cp-vs-standard", "mlp-s-opt-vs-cp".</summary>
    public static string Name(string architecture, string method, string baseline) => $"{architecture}-{method}-vs-{baseline}";

    /// <summary>Test accuracy of <paramref name="method"/> minus that of <paramref name="baseline"/>, seed by seed (ascending), over the
    /// seeds at which both completed.</summary>
    public static IReadOnlyList<(long Seed, double Difference)> PairedDifferences(IReadOnlyList<CellResult> cells, string method, string baseline)
    {
        var baselineBySeed = cells.Where(c => Opt2021.Method(c) == baseline).ToDictionary(c => c.Cell.Spec.Seed, c => c.Summaries[Metric]);
        return cells.Where(c => Opt2021.Method(c) == method && baselineBySeed.ContainsKey(c.Cell.Spec.Seed))
            .Select(c => (c.Cell.Spec.Seed, c.Summaries[Metric] - baselineBySeed[c.Cell.Spec.Seed])).OrderBy(p => p.Item1).ToList();
    }

    private static Claim Compare(string architecture, string method, string baseline, IReadOnlyList<CellResult> cells, string basis)
    {
        var pairs = PairedDifferences(cells, method, baseline);
        string name = Name(architecture, method, baseline);
        string what = $"{architecture}: {Label(method)} against {Label(baseline)}, paired by seed; measured: the mean over seeds of the " +
            "difference in final test accuracy";
        if (pairs.Count < 2)
            return new Claim(name, $"{what}: {pairs.Count} seed(s) with both runs completed, too few for an interval",
                pairs.Count == 1 ? pairs[0].Difference : double.NaN, null, Expected, false, basis).OnSeeds(pairs.Count);
        var mean = SampleMean.Of(pairs.Select(p => p.Difference));
        var ci = mean.ConfidenceInterval();
        string verdict = ci.Low > 0 ? $"{Label(method)} generalizes better: the interval lies above 0"
            : ci.High < 0 ? $"{Label(method)} generalizes worse: the interval lies below 0"
            : "no difference resolved: the interval contains 0";
        string perSeed = string.Join(", ", pairs.Select(p => $"seed {p.Seed}: {Signed(p.Difference)}"));
        return new Claim(name, $"{what} ({perSeed}; 95% t interval over {pairs.Count} seeds): {verdict}", mean.Mean, ci, Expected, ci.Low > 0, basis)
            .OnSeeds(pairs.Count);
    }

    private static string Label(string method) => method switch
    {
        Opt2021.Standard => "standard training",
        Opt2021.Sopt => $"S-OPT ({Opt2021.SoptMethod} on {Claim.Text(Opt2021.SoptFraction)} of the coordinates per episode)",
        _ => $"OPT by {method}",
    };

    private static string Signed(double value) => value >= 0 ? $"+{Claim.Text(value)}" : Claim.Text(value);
}

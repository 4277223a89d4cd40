using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// A monotone trend of a per-run quantity in a swept size, measured seed by seed: Spearman's rho of (size, value) over
/// each seed's runs (<see cref="RankCorrelation.SpearmanOfFinite"/>), then the mean of the seeds' rho with its 95% t
/// interval (<see cref="SampleMean"/>), so the interval is across seeds. The trend is rising when the whole interval lies
/// above zero; with one seed there is no interval and no verdict.
/// </summary>
/// <param name="PerSeed">Each seed's rho, in seed order (seeds with fewer than 3 finite runs left out).</param>
/// <param name="Mean">The mean of <paramref name="PerSeed"/> with its spread.</param>
internal sealed record SeedwiseTrend(IReadOnlyList<double> PerSeed, SampleMean Mean)
{
    /// <summary>The trend of <paramref name="value"/> in <paramref name="size"/>, or null when no seed has 3 finite runs.</summary>
    public static SeedwiseTrend? Of<T>(IEnumerable<T> runs, Func<T, long> seed, Func<T, double> size, Func<T, double> value)
    {
        var rhos = runs.GroupBy(seed).OrderBy(g => g.Key)
            .Select(g => RankCorrelation.SpearmanOfFinite(g.Select(size).ToList(), g.Select(value).ToList()))
            .Where(double.IsFinite).ToList();
        return rhos.Count > 0 ? new SeedwiseTrend(rhos, SampleMean.Of(rhos)) : null;
    }

    /// <summary>The 95% t interval of the mean rho over seeds (NaN bounds with one seed).</summary>
    public Interval Interval => Mean.ConfidenceInterval();

    /// <summary>The whole interval lies above zero.</summary>
    public bool Rising => Interval.Low > 0;
}

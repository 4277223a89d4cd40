using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// What du2019's claims and figures read from its runs: the narrowest and widest widths, the width from which Du et
/// al.'s conditions held on every seed (measured), and the m^(-1/2) fits over the widths from there on.
/// </summary>
internal sealed class Du2019Evidence
{
    public Du2019Evidence(IReadOnlyList<Du2019Run> runs)
    {
        Runs = runs;
        Widths = runs.Select(r => r.Width).Distinct().Order().ToList();
        Seeds = runs.Select(r => r.Seed).Distinct().Count();
        ConditionsWidth = FirstWidthMeetingConditions(runs, Widths);
        Regime = runs.Where(r => r.Width >= ConditionsWidth).ToList();
        MovementFit = Fit(Regime, r => r.Cell.Final("neuron_movement_max", Du2019.Layer));
        MeanMovementFit = Fit(Regime, r => r.Cell.Final("neuron_movement_mean", Du2019.Layer));
        PatternFit = Fit(Regime, r => r.Cell.Final("pattern_change_fraction", Du2019.Layer));
        DistanceFit = Fit(runs, InitialDistance);
    }

    public IReadOnlyList<Du2019Run> Runs { get; }

    /// <summary>The widths run, ascending.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>How many seeds the runs cover.</summary>
    public int Seeds { get; }

    public int Narrowest => Widths.Count > 0 ? Widths[0] : 0;
    public int Widest => Widths.Count > 0 ? Widths[^1] : 0;
    public IReadOnlyList<Du2019Run> NarrowestRuns => Runs.Where(r => r.Width == Narrowest).ToList();
    public IReadOnlyList<Du2019Run> WidestRuns => Runs.Where(r => r.Width == Widest).ToList();

    /// <summary>The narrowest width from which every run, at it and every wider width, met Du et al.'s conditions
    /// (<see cref="Du2019Run.MeetsConditions"/>) on every seed; null when even the widest did not.</summary>
    public int? ConditionsWidth { get; }

    /// <summary>The runs at widths from <see cref="ConditionsWidth"/> on: the regime Du et al.'s analysis describes, where
    /// the m^(-1/2) laws of movement and pattern change are fitted (none when <see cref="ConditionsWidth"/> is null).</summary>
    public IReadOnlyList<Du2019Run> Regime { get; }

    /// <summary>Log-log fits over <see cref="Regime"/> of the final max and mean neuron movement and pattern-change fraction against m.</summary>
    public LinearFit? MovementFit { get; }
    public LinearFit? MeanMovementFit { get; }
    public LinearFit? PatternFit { get; }

    /// <summary>The log-log fit of ||H(0) - H-inf||_2 against m over every run (concentration holds at any width).</summary>
    public LinearFit? DistanceFit { get; }

    /// <summary>The width <see cref="ConditionsWidth"/> would be on one seed's runs alone.</summary>
    public int? ConditionsWidthOf(long seed) => FirstWidthMeetingConditions(Runs.Where(r => r.Seed == seed).ToList(), Widths);

    /// <summary>The Thm. 4.1 width, largest over the seeds (NaN without runs).</summary>
    public double TheoremWidth => Runs.Count > 0 ? Runs.Max(r => r.TheoremWidth) : double.NaN;

    /// <summary>||H(0) - H-inf||_2 of a run.</summary>
    public static double InitialDistance(Du2019Run run) => run.Cell.Series("du_gram_distance") is { Count: > 0 } s ? s[0].Value : double.NaN;

    /// <summary>(m, value) per run.</summary>
    public static IReadOnlyList<(double X, double Y)> AgainstWidth(IEnumerable<Du2019Run> runs, Func<Du2019Run, double> value) =>
        runs.Select(r => ((double)r.Width, value(r))).ToList();

    private static int? FirstWidthMeetingConditions(IReadOnlyList<Du2019Run> runs, IReadOnlyList<int> widths) =>
        runs.Count == 0 ? null
            : widths.Where(m => runs.Where(r => r.Width >= m).All(r => r.MeetsConditions)).Select(m => (int?)m).FirstOrDefault();

    private static LinearFit? Fit(IEnumerable<Du2019Run> runs, Func<Du2019Run, double> value)
    {
        var positive = AgainstWidth(runs, value).Where(r => r.Y > 0).ToList();
        return positive.Select(p => p.X).Distinct().Count() >= 2 ? LinearFit.LogLog(positive.Select(p => p.X).ToList(), positive.Select(p => p.Y).ToList()) : null;
    }
}

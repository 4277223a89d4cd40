using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// The measures the geometrization reproduction compares with Dong &amp; Zhou's but does not test: the other complexity
/// measures against the generalization gap, and a layer's movement and Fisher trace against its re-initialization
/// damage. Each is Spearman's rho within one family and source; no verdict, no correction.
/// </summary>
internal static class GeometrizationComparisons
{
    /// <summary>A comparison measure: its short name and its rho within the runs (or layers) of one family.</summary>
    private static readonly (string Name, Func<IReadOnlyList<GeometrizationCell>, double> Rho)[] Measures =
    [
        .. GeometrizationCell.Measures.Where(m => m.Metric != "path_complexity").Select(m => (m.Name,
            (Func<IReadOnlyList<GeometrizationCell>, double>)(runs => RankCorrelation.SpearmanOfFinite(runs.Select(c => c.Complexity[m.Metric]).ToList(), runs.Select(c => c.Gap).ToList())))),
        ("damage-movement", runs => LayerRho(runs, l => l.RelativeMovement)),
        ("damage-fisher-trace", runs => LayerRho(runs, l => l.FisherTrace)),
    ];

    private static double LayerRho(IReadOnlyList<GeometrizationCell> runs, Func<LayerGeometry, double> x)
    {
        var layers = runs.SelectMany(c => c.Layers).ToList();
        return RankCorrelation.SpearmanOfFinite(layers.Select(x).ToList(), layers.Select(l => l.Damage).ToList());
    }

    /// <summary>The comparison measures' names, in the order of <see cref="Of"/>'s values.</summary>
    public static IReadOnlyList<string> Names => Measures.Select(m => m.Name).ToList();

    /// <summary>Each source and family found among the cells ("fashion-mnist, MLPs") with the rho of every comparison measure.</summary>
    public static IReadOnlyList<(string Group, IReadOnlyList<double> Rho)> Of(IReadOnlyList<GeometrizationCell> cells) =>
        cells.GroupBy(c => c.Source).SelectMany(s => Geometrization.Families.Select(f => (f.Text, Runs: s.Where(c => c.Model == f.Model).ToList()))
                .Where(f => f.Runs.Count > 0)
                .Select(f => ($"{s.Key}, {f.Text}", (IReadOnlyList<double>)Measures.Select(m => m.Rho(f.Runs)).ToList())))
            .ToList();
}

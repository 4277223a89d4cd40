using NetGeometry.Reporting;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>The figures of <see cref="ImageMatching"/>: energy ratio, distance to the geodesic's slices and the smallest
/// Jacobian determinant against depth; the warped grid after each block beside the geodesic's; the source morphing into
/// the target through the layers; displacement against re-initialization damage per block.</summary>
internal static class ImageMatchingFigures
{
    public static IReadOnlyList<Figure> Create(IReadOnlyList<MatchingUnit> units, MatchingScale scale)
    {
        var depth = new ChartAxis("depth L (blocks; h = 1/L)", AxisScale.Log);
        var figures = new List<Figure>
        {
            AgainstDepth("energy-ratio-vs-depth", "Network energy over geodesic energy against depth",
                "E_net / E_geodesic: the layer path's energy in the landmark metric, sum_l (1/h) dq^T K^-1 dq, over the LDDMM geodesic's " +
                "p0^T K p0, for the networks trained with the kinetic penalty (one point per seed and pair; mean with 95% CI band) and without it " +
                "(crosses). 1 is the geodesic; a single step's discrete energy can fall below it.",
                units, n => n.Ratio, depth, new ChartAxis("E_net / E_geodesic", AxisScale.Log), reference: (1, "the geodesic: ratio 1")),
            AgainstDepth("slice-distance-vs-depth", "Layer path against the geodesic's time slices",
                "RMS distance between the landmarks after block l and the geodesic's landmarks at t = l h, averaged over the blocks, " +
                "for the penalized networks (points, mean with 95% CI band) and the unpenalized ones (crosses); image side = 1.",
                units, n => n.SliceDistance, depth, new ChartAxis("mean RMS distance to q(l h)")),
            AgainstDepth("min-determinant-vs-depth", "Smallest Jacobian determinant of the learned map",
                $"min det D phi of the network's map on a {MatchingScale.GridSide} x {MatchingScale.GridSide} grid of the unit square; below 0 the map folds " +
                "(not a diffeomorphism). Penalized networks as points (mean with 95% CI band), unpenalized as crosses.",
                units, n => n.MinDeterminant, depth, new ChartAxis("min det D phi", AxisScale.Linear), reference: (0, "det 0: folding below")),
            Reinitialization(units, scale.Deepest),
        };
        if (units.Select(u => u.Pictures).OfType<MatchingPictures>().FirstOrDefault() is { } pictures)
        {
            figures.AddRange(Enumerable.Range(0, pictures.NetworkGrids.Count).Select(l => Grid(pictures, l)));
            figures.Add(Morph(pictures));
        }
        return figures;
    }

    private static Figure AgainstDepth(string id, string title, string caption, IReadOnlyList<MatchingUnit> units,
        Func<NetworkMeasure, double> value, ChartAxis x, ChartAxis y, (double Value, string Legend)? reference = null)
    {
        var penalized = units.SelectMany(u => u.Networks.Where(n => n.Penalized)).ToList();
        var unpenalized = units.SelectMany(u => u.Networks.Where(n => !n.Penalized)).ToList();
        var means = penalized.GroupBy(n => n.Depth).OrderBy(g => g.Key).Select(g => (Depth: (double)g.Key, Mean: SampleMean.Of(g.Select(value)))).ToList();
        var series = new List<ChartSeries>
        {
            new("with the kinetic penalty", penalized.Select(n => (double)n.Depth).ToList(), penalized.Select(value).ToList(), SeriesStyle.Points) { Color = 0 },
            new("mean with the penalty, 95% CI", means.Select(m => m.Depth).ToList(), means.Select(m => m.Mean.Mean).ToList(), SeriesStyle.Line)
            {
                BandLow = means.Select(m => m.Mean.ConfidenceInterval().Low).ToList(),
                BandHigh = means.Select(m => m.Mean.ConfidenceInterval().High).ToList(),
                Color = 0,
            },
            new("without the penalty", unpenalized.Select(n => (double)n.Depth).ToList(), unpenalized.Select(value).ToList(), SeriesStyle.Points) { Color = 1 },
        };
        if (reference is { } r && means.Count > 0)
            series.Add(new ChartSeries(r.Legend, [means[0].Depth, means[^1].Depth], [r.Value, r.Value], SeriesStyle.Dotted) { Color = 2 });
        return new Figure(id, title, caption, new Chart(x, y, series));
    }

    private static Figure Reinitialization(IReadOnlyList<MatchingUnit> units, int deepest) => new("reinit-damage-vs-displacement",
        "Re-initialization damage against displacement, per block",
        $"Each block of the penalized depth-{deepest} networks: the mean distance it moves the landmarks (x) and the rise of the RMS distance to the " +
        "target when it alone is re-initialized (y); one colour per seed and pair.",
        new Chart(new ChartAxis("mean displacement of the landmarks by the block"), new ChartAxis("re-initialization damage (RMS)"),
            units.Select(u => new ChartSeries($"seed {u.Seed}, {Text(u.Pair)}", u.Displacement, u.Damage, SeriesStyle.Points)).ToList()));

    private static Figure Grid(MatchingPictures pictures, int l)
    {
        int blocks = pictures.NetworkGrids.Count;
        var series = GridLines($"network after block {l + 1}", pictures.NetworkGrids[l], SeriesStyle.Line, 0)
            .Concat(GridLines($"geodesic at t = {l + 1}/{blocks}", pictures.GeodesicGrids[l], SeriesStyle.Line, 1))
            .Append(Polygon("target", pictures.Target, SeriesStyle.Points, 2))
            .Append(Polygon($"landmarks after block {l + 1}", pictures.LayerPath[l + 1], SeriesStyle.LineAndPoints, 3)).ToList();
        return new Figure($"warped-grid-block-{l + 1}", $"Warped grid after block {l + 1} of {blocks}",
            $"The unit square's grid carried by the first {l + 1} blocks of the penalized depth-{blocks} network (first colour) and by the LDDMM geodesic " +
            $"to t = {l + 1}/{blocks} (second colour), first seed, T-shirt/top to dress; the contour after block {l + 1} and the target's landmarks.",
            new Chart(new ChartAxis("x (image side = 1)", AxisScale.Linear), new ChartAxis("y", AxisScale.Linear), series));
    }

    private static Figure Morph(MatchingPictures pictures)
    {
        int blocks = pictures.LayerPath.Count - 1;
        var series = Enumerable.Range(0, blocks + 1)
            .Select(l => Polygon(l == 0 ? "source" : $"after block {l}", pictures.LayerPath[l], l == 0 ? SeriesStyle.LineAndPoints : SeriesStyle.Line, l))
            .Append(Polygon("target", pictures.Target, SeriesStyle.LineAndPoints, blocks + 1)).ToList();
        return new Figure("source-to-target", "The source contour morphing into the target through the blocks",
            $"The radial contour of the first seed's T-shirt/top after each block of the penalized depth-{blocks} network, and the dress's contour (last colour).",
            new Chart(new ChartAxis("x (image side = 1)", AxisScale.Linear), new ChartAxis("y", AxisScale.Linear), series));
    }

    /// <summary>The grid's rows and columns as line series, only the first with a legend.</summary>
    private static IEnumerable<ChartSeries> GridLines(string legend, double[][] nodes, SeriesStyle style, int color)
    {
        int side = (int)Math.Round(Math.Sqrt(nodes.Length));
        for (int line = 0; line < 2 * side; line++)
        {
            var indices = Enumerable.Range(0, side).Select(k => line < side ? line * side + k : k * side + line - side).ToList();
            yield return new ChartSeries(line == 0 ? legend : "", indices.Select(i => nodes[i][0]).ToList(), indices.Select(i => nodes[i][1]).ToList(), style) { Color = color };
        }
    }

    /// <summary>A closed contour as a series (its first point repeated at the end).</summary>
    private static ChartSeries Polygon(string legend, double[][] points, SeriesStyle style, int color)
    {
        var order = Enumerable.Range(0, points.Length).Append(0).ToList();
        return new ChartSeries(legend, order.Select(i => points[i][0]).ToList(), order.Select(i => points[i][1]).ToList(), style) { Color = color };
    }

    private static string Text(ShapePair pair) => pair == ShapePair.SameClass ? "two T-shirts/tops" : "T-shirt/top to dress";
}

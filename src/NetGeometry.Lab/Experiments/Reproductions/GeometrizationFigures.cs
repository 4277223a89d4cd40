using NetGeometry.Reporting;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>The geometrization reproduction's figures: scatter plots, one colour per data source (or per stage), and the
/// comparison measures' within-family rho.</summary>
public static class GeometrizationFigures
{
    /// <summary>The figures of the measured cells; captions that quote numbers compute them from the cells.</summary>
    public static IReadOnlyList<Figure> Create(IReadOnlyList<GeometrizationCell> cells)
    {
        var residual = cells.Where(c => c.Model == "residual-mlp").ToList();
        return
        [
            Scatter("gap-vs-function-space-length", "Generalization gap against function-space length",
                "Each run's test_loss - train_loss after training against its function-space length sum_t ||f_{t+1} - f_t|| / sqrt(n) on the training set, one colour per data source.",
                cells, c => c.Complexity["function_space_length"], c => c.Gap, new ChartAxis("function-space length", AxisScale.Log), new ChartAxis("generalization gap (loss)")),
            Scatter("gap-vs-rkhs-norm", "Generalization gap against the NTK RKHS norm of the learned change",
                "Each run's test_loss - train_loss against ||f_T - f_0||_K0, K0 the NTK at initialization on the training set, one colour per data source.",
                cells, c => c.Complexity["rkhs_norm"], c => c.Gap, new ChartAxis("RKHS norm ||f_T - f_0||_K0", AxisScale.Log), new ChartAxis("generalization gap (loss)")),
            Scatter("straightness-vs-width", "Straightness of the training path against width",
                "Distance from initialization / trajectory length of every run against its width; 1 is a straight line.",
                cells, c => c.Width, c => c.Straightness, new ChartAxis("width (hidden units)", AxisScale.Log), new ChartAxis("straightness (ratio)")),
            Scatter("lambda-min-vs-width", "Smallest eigenvalue of the NTK at initialization against width",
                "lambda_min of the per-output empirical NTK on the training set at initialization, every run, against its width.",
                cells, c => c.Width, c => c.LambdaMin, new ChartAxis("width (hidden units)", AxisScale.Log), new ChartAxis("lambda_min(K0)", AxisScale.Log)),
            Scatter("damage-vs-movement", "Re-initialization damage against relative movement, per layer",
                "Every layer of every run: the rise of the test error (fashion-mnist) or test loss (sphere) when the layer is reset to its initial value, against ||theta_T - theta_0|| / ||theta_0||.",
                cells.SelectMany(c => c.Layers.Select(l => (c.Source, l))).ToList(), p => p.l.RelativeMovement, p => p.l.Damage, p => p.Source,
                new ChartAxis("relative movement of the layer", AxisScale.Log), new ChartAxis("re-initialization damage")),
            new Figure("geodesic-ratio-vs-depth", "Geodesic ratio C_path / C_direct against depth",
                "For every residual MLP (its blocks' averaged Jacobians) and orthogonal MLP (its OPT layers' rotations Q^T), the sum of the generator norms over the norm of the generator of their product, " +
                "at the first checkpoint where it is defined (initialization; for orthogonal MLPs, which start at Q = I, the first checkpoint after it) and after training, " +
                "against depth (residual blocks; an orthogonal MLP's weight layers, depth - 2 of them OPT). 1 = the layers lie on one geodesic. " +
                $"Spearman's rho of depth and the ratio after training (not a verdict): {DepthRho(cells)}.",
                new Chart(new ChartAxis("depth (blocks or weight layers)"), new ChartAxis("C_path / C_direct (ratio)"),
                [
                    .. RatioSeries("residual", residual, 0),
                    .. RatioSeries("orthogonal", cells.Where(c => c.Model == GeometrizationCell.Orthogonal).ToList(), 2),
                ])),
            Comparisons(cells),
        ];
    }

    /// <summary>
    /// A family's representative cell on the PCA plane of its training trajectory, as Li, Xu, Taylor, Studer &amp;
    /// Goldstein (NeurIPS 2018, sec. 7) draw it: log10 of the training loss as contours, the checkpoints projected onto
    /// the plane, theta_T at the origin; the caption names the cell and gives the explained variance and the loss range.
    /// Its chart, for the CSV, holds the same numbers: the loss along a at each b of the grid, and the path (b against a).
    /// </summary>
    internal static Figure Landscape(GeometrizationLandscape landscape)
    {
        var (spec, drawing, variance) = (landscape.Spec, landscape.Drawing, landscape.ExplainedVariance);
        var family = Geometrization.Families.Single(f => f.Model == landscape.Family);
        var path = drawing.Path ?? [];
        var losses = drawing.Points.Cast<Landscapes.LandscapePoint>().Select(p => p.Loss).Where(double.IsFinite).DefaultIfEmpty(double.NaN).ToList();
        var series = drawing.B.Select((b, j) => new ChartSeries($"loss at b = {Claim.Text(b)}", drawing.A,
            drawing.A.Select((_, i) => drawing.Points[i, j].Loss).ToList(), SeriesStyle.Line) { Color = 0 })
            .Append(new ChartSeries("training path (b against a)", path.Select(p => p.A).ToList(), path.Select(p => p.B).ToList()) { Color = 1 })
            .ToList();
        return new Figure($"landscape-{family.Short}", $"PCA loss landscape and training path of a representative cell, {family.Text}",
            $"The representative cell of the {family.Text} ({spec.Data.Source}, width {spec.Network.Widths[0]}, depth {spec.Network.Depth}, label noise " +
            $"{Claim.Text(spec.Data.LabelNoise)}, seed {spec.Seed}): log10 of its training loss ({spec.Training.Loss}) over its {landscape.Examples} " +
            $"training examples on a {drawing.A.Length} x {drawing.B.Length} grid of the plane through the final weights theta_T (the origin) spanned " +
            $"by the top-2 principal directions of theta_t - theta_T over its {path.Count} checkpoints (steps {string.Join(", ", path.Select(p => p.Step))}), " +
            $"which explain {Claim.Text(variance[0])} and {Claim.Text(variance[1])} of the trajectory's variance ({Claim.Text(variance.Sum())} together); " +
            $"the loss on the grid runs from {Claim.Text(losses.Min())} to {Claim.Text(losses.Max())}. The path is the checkpoints projected onto the plane " +
            "(Li, Xu, Taylor, Studer & Goldstein 2018, sec. 7).",
            new Chart(new ChartAxis("a (first principal direction)", AxisScale.Linear), new ChartAxis("loss (grid series) or b (path)", AxisScale.Linear), series))
        { Contour = drawing };
    }

    /// <summary>"residual MLPs 0.87 over 16, orthogonal MLPs 0.87 over 16".</summary>
    private static string DepthRho(IReadOnlyList<GeometrizationCell> cells) => string.Join(", ",
        Geometrization.Families.Where(f => f.Model != "mlp").Select(f =>
        {
            var runs = cells.Where(c => c.Model == f.Model).ToList();
            double rho = RankCorrelation.SpearmanOfFinite(runs.Select(c => (double)c.Depth).ToList(), runs.Select(c => c.FinalGeodesicRatio).ToList());
            return $"{f.Text} {Claim.Text(rho)} over {runs.Count}";
        }));

    /// <summary>The comparison measures' rho within each source and family, one series per source and family; the caption
    /// lists the values.</summary>
    private static Figure Comparisons(IReadOnlyList<GeometrizationCell> cells)
    {
        var names = GeometrizationComparisons.Names;
        var groups = GeometrizationComparisons.Of(cells);
        var index = Enumerable.Range(1, names.Count).Select(i => (double)i).ToList();
        string values = string.Join("; ", groups.Select(g => $"{g.Group}: {string.Join(", ", g.Rho.Select(Claim.Text))}"));
        return new Figure("comparison-measures", "Comparison measures: Spearman's rho within each family (not verdicts)",
            $"Measures that are not Dong & Zhou's, numbered 1 to {names.Count}: {string.Join(", ", names.Select((n, i) => $"{i + 1} {n}"))} " +
            "(1-6 against the generalization gap over a family's runs, 7-8 against the re-initialization damage over its layers); " +
            $"no interval, no correction. Values in that order: {(values.Length > 0 ? values : "no finished runs")}.",
            new Chart(new ChartAxis("comparison measure (number)"), new ChartAxis("Spearman's rho"),
                groups.Select((g, i) => new ChartSeries(g.Group, index, g.Rho, SeriesStyle.Points) { Color = i }).ToList()));
    }

    private static IEnumerable<ChartSeries> RatioSeries(string family, IReadOnlyList<GeometrizationCell> runs, int color)
    {
        var depth = runs.Select(c => (double)c.Depth).ToList();
        yield return new ChartSeries($"{family}, start", depth, runs.Select(c => c.InitialGeodesicRatio).ToList(), SeriesStyle.Points) { Color = color };
        yield return new ChartSeries($"{family}, after training", depth, runs.Select(c => c.FinalGeodesicRatio).ToList(), SeriesStyle.Points) { Color = color + 1 };
    }

    private static Figure Scatter(string id, string title, string caption, IReadOnlyList<GeometrizationCell> cells,
        Func<GeometrizationCell, double> x, Func<GeometrizationCell, double> y, ChartAxis xAxis, ChartAxis yAxis) =>
        Scatter(id, title, caption, cells, x, y, c => c.Source, xAxis, yAxis);

    private static Figure Scatter<T>(string id, string title, string caption, IReadOnlyList<T> points,
        Func<T, double> x, Func<T, double> y, Func<T, string> group, ChartAxis xAxis, ChartAxis yAxis)
    {
        var series = points.GroupBy(group).Select((g, i) => new ChartSeries(g.Key,
            g.Select(x).ToList(), g.Select(y).ToList(), SeriesStyle.Points) { Color = i }).ToList();
        return new Figure(id, title, caption, new Chart(xAxis, yAxis, series));
    }
}

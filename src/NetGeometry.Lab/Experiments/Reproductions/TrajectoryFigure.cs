using NetGeometry.Experiments.Sweeps;
using NetGeometry.Reporting;
using NetGeometry.Statistics;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// A metric against the training step, one line per group of cells (e.g. per width; the group's name is its legend,
/// groups in the order their first cell comes), each the mean over the group's seeds with its 95% t confidence band
/// (on a log y axis the geometric mean and the band of ln y, which stays positive).
/// </summary>
public static class TrajectoryFigure
{
    public static Figure Create(string id, string title, string caption, IEnumerable<CellResult> cells, string metric, string? layer,
        Func<CellResult, string> group, ChartAxis y)
    {
        var series = new List<ChartSeries>();
        foreach (var g in cells.GroupBy(group))
        {
            var steps = g.SelectMany(c => c.Series(metric, layer)).GroupBy(m => m.Step).OrderBy(s => s.Key)
                .Select(s => (Step: (double)s.Key, Mean: Summary(s.Select(m => m.Value).ToList(), y.Scale == AxisScale.Log))).ToList();
            series.Add(new ChartSeries(g.Key, steps.Select(s => s.Step).ToList(), steps.Select(s => s.Mean.Center).ToList(), SeriesStyle.Line)
            {
                BandLow = steps.Select(s => s.Mean.Interval.Low).ToList(),
                BandHigh = steps.Select(s => s.Mean.Interval.High).ToList(),
            });
        }
        return new Figure(id, title, caption, new Chart(new ChartAxis("step (parameter updates)"), y, series));
    }

    private static (double Center, Interval Interval) Summary(IReadOnlyList<double> values, bool log)
    {
        if (log) return SampleMean.Geometric(values);
        var mean = SampleMean.Of(values);
        return (mean.Mean, mean.ConfidenceInterval());
    }
}

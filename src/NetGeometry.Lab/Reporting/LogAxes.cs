using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace NetGeometry.Reporting;

/// <summary>
/// Log-scale axes for ScottPlot 5, which has none of its own: as its cookbook does, data are plotted as log10
/// values and the axis gets major ticks at whole decades labelled 10^k and log-spaced minor ticks.
/// </summary>
internal static class LogAxes
{
    /// <summary>How many decades an all-positive axis must span to be drawn in log scale.</summary>
    public const double Decades = 2;

    /// <summary>Whether values are all positive and span more than <see cref="Decades"/> decades.</summary>
    public static bool Spans(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = 0;
        foreach (var v in values)
        {
            if (v <= 0) return false;
            (min, max) = (Math.Min(min, v), Math.Max(max, v));
        }
        return max > 0 && Math.Log10(max / min) > Decades;
    }

    /// <summary>Whether an axis is drawn in log scale (its coordinates are then log10 of the values).</summary>
    public static bool HasLogTicks(IAxis axis) => axis.TickGenerator is NumericAutomatic { MinorTickGenerator: LogMinorTickGenerator };

    public static double Coordinate(double value, bool log) => log ? Math.Log10(value) : value;

    /// <summary>Gives <paramref name="axis"/> decade ticks and faint log-spaced minor grid lines.</summary>
    public static void Apply(Plot plot, IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = DecadeLabel,
        };
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(.05);
        plot.Grid.MinorLineWidth = 1;
    }

    /// <summary>
    /// Log ticks for data between <paramref name="min"/> and <paramref name="max"/> (positive): decade ticks when they
    /// span a decade or more; otherwise labelled ticks at 1, 2 and 5 times powers of ten (every integer multiple where
    /// those are too few), so that a narrow log axis still reads.
    /// </summary>
    public static void Apply(Plot plot, IAxis axis, double min, double max)
    {
        if (!(min > 0) || Math.Log10(max / min) >= 1)
        {
            Apply(plot, axis);
            return;
        }
        int low = (int)Math.Floor(Math.Log10(min)), high = (int)Math.Ceiling(Math.Log10(max));
        double[] Ticks(double[] multiples) => Enumerable.Range(low, high - low + 1)
            .SelectMany(k => multiples.Select(m => m * Math.Pow(10, k))).Where(v => v >= min / 1.05 && v <= max * 1.05).ToArray();
        var ticks = Ticks([1, 2, 5]);
        if (ticks.Length < 3) ticks = Ticks([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var manual = new NumericManual();
        foreach (var t in ticks) manual.AddMajor(Math.Log10(t), t.ToString("G3", CultureInfo.InvariantCulture));
        axis.TickGenerator = manual;
    }

    /// <summary>The label of the tick at log10 value <paramref name="exponent"/>: 0.001 to 1000 written out, "1e6" beyond.</summary>
    private static string DecadeLabel(double exponent)
    {
        var decade = (int)Math.Round(exponent);
        return Math.Abs(decade) <= 3
            ? Math.Pow(10, decade).ToString("0.###", CultureInfo.InvariantCulture)
            : $"1e{decade}";
    }
}

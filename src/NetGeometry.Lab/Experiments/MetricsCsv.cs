using System.Globalization;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>
/// The CSV export of a run's metrics: header "step,name,layer,value", one line per metric, layer empty for a
/// whole-network value, values in invariant culture and round-trip precision (NaN, Infinity and -Infinity as words),
/// fields quoted as RFC 4180 says when they hold a comma, a quote or a line break; lines end with "\n".
/// </summary>
internal static class MetricsCsv
{
    public const string Header = "step,name,layer,value";

    public static void Write(TextWriter writer, IEnumerable<Metric> metrics)
    {
        writer.Write(Header + "\n");
        foreach (var m in metrics) WriteRow(writer, m);
    }

    /// <summary>A sweep's metrics: the same columns after a first column "cell" (the cell's label).</summary>
    public static void WriteCells(TextWriter writer, IEnumerable<(string Cell, IEnumerable<Metric> Metrics)> cells)
    {
        writer.Write("cell," + Header + "\n");
        foreach (var (cell, metrics) in cells)
            foreach (var m in metrics)
            {
                writer.Write(Field(cell));
                writer.Write(',');
                WriteRow(writer, m);
            }
    }

    private static void WriteRow(TextWriter writer, Metric m)
    {
        writer.Write(m.Step.ToString(CultureInfo.InvariantCulture));
        writer.Write(',');
        writer.Write(Field(m.Name));
        writer.Write(',');
        writer.Write(Field(m.Layer ?? ""));
        writer.Write(',');
        writer.Write(Number(m.Value));
        writer.Write('\n');
    }

    /// <summary>A number in invariant culture with round-trip precision (NaN, Infinity, -Infinity as words).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A text field, quoted as RFC 4180 says when it holds a comma, a quote or a line break.</summary>
    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";
}

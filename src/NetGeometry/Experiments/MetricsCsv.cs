using System.Globalization;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>
/// The CSV export of a run's metrics: header "step,name,layer,value", one line per metric, layer empty for a
/// whole-network value, values in invariant culture and round-trip precision (NaN, Infinity and -Infinity as words),
/// fields quoted as RFC 4180 says when they hold a comma, a quote or a line break; lines end with "\n".
/// </summary>
public static class MetricsCsv
{
    public const string Header = "step,name,layer,value";

    public static void Write(TextWriter writer, IEnumerable<Metric> metrics)
    {
        writer.Write(Header + "\n");
        foreach (var m in metrics)
        {
            writer.Write(m.Step.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(Field(m.Name));
            writer.Write(',');
            writer.Write(Field(m.Layer ?? ""));
            writer.Write(',');
            writer.Write(m.Value.ToString("R", CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetGeometry.Cli;

/// <summary>--json output: one JSON object per line on stdout, nothing else there.</summary>
public static class JsonLines
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the fields as one JSON object, flushed at once; null values are left out.</summary>
    public static void Write(IReadOnlyDictionary<string, object?> fields)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value), Options));
        Console.Out.Flush();
    }
}

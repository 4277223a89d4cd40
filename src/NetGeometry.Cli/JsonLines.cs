using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetGeometry.Cli;

/// <summary>--json output: one JSON object per line on stdout, nothing else there.</summary>
public static class JsonLines
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(IReadOnlyDictionary<string, object?> fields) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(fields, Options));
}

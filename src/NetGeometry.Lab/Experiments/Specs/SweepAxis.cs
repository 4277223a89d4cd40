using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetGeometry.Experiments.Specs;

/// <summary>
/// One axis of a sweep: a spec field (a dotted path such as "network.widths" or "seed") and the values it takes, as
/// JSON. A single value given for a list field stands for a list of one ("network.widths": [64, 128] sweeps the
/// widths [64] and [128]).
/// </summary>
public sealed record SweepAxis(string Field, IReadOnlyList<JsonNode> Values)
{
    /// <summary>An axis from .NET values (what reproductions write): SweepAxis.Of("network.widths", 64, 128).</summary>
    public static SweepAxis Of<T>(string field, params T[] values) =>
        new(field, values.Select(v => JsonSerializer.SerializeToNode(v, RunSpec.Json)!).ToList());

    /// <summary>A value as a label shows it: 64, 0.1, relu, 512,512 (a list), model:cnn;opt:cp (a section's fields).</summary>
    public static string Text(JsonNode value) => value switch
    {
        JsonArray list => string.Join(",", list.Select(v => v is null ? "null" : Text(v))),
        JsonObject fields => string.Join(";", fields.Select(f => $"{f.Key}:{(f.Value is null ? "null" : Text(f.Value))}")),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;
using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>
/// Everything needed to rerun a training run: its name, seed, network, data and training settings. Written to
/// spec.json in the run directory; reading that file back and running it gives the same numbers.
/// </summary>
public sealed record RunSpec
{
    public string Name { get; init; } = "train";
    public long Seed { get; init; }
    public NetworkSpec Network { get; init; } = new();
    public DataSpec Data { get; init; } = new();
    public TrainingSpec Training { get; init; } = new();

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a spec strictly: an unknown field or a value of the wrong type is an InputException naming the field.</summary>
    public static RunSpec FromJson(string json, string source) => SpecReader.Read(SpecReader.ParseObject(json, source), source);
}

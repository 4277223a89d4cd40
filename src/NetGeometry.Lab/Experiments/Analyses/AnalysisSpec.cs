using System.Text.Json;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// What an analysis's own run directory records in its spec.json: which analysis, of which run (or input), with
/// which settings, so that the output says where it came from.
/// </summary>
public sealed record AnalysisSpec(string Analysis, string Source, object Settings)
{
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["analysis"] = Analysis,
        ["source"] = Source,
        ["settings"] = Settings,
    }, RunSpec.Json);
}

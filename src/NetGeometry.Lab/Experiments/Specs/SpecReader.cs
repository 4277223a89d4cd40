using System.Text.Json;
using System.Text.Json.Nodes;
using NetGeometry.Engine;

namespace NetGeometry.Experiments.Specs;

/// <summary>
/// Reads a run spec from JSON strictly: an unknown field or a value of the wrong type is an
/// <see cref="InputException"/> that names the field (network.widths, training.learningRate) and says what it takes.
/// </summary>
internal static class SpecReader
{
    public static JsonObject ParseObject(string json, string source)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false }) as JsonObject
                ?? throw new InputException($"{source}: a spec is a JSON object {{ ... }}.");
        }
        catch (JsonException e)
        {
            throw new InputException(e.LineNumber is { } line
                ? $"{source}: not valid JSON (line {line + 1}, byte {e.BytePositionInLine + 1}); check the syntax there."
                : $"{source}: not valid JSON ({e.Message.Split('\n')[0].TrimEnd('.')}); give each field once.");
        }
    }

    /// <summary>The run spec a JSON object describes; <paramref name="extraTopLevel"/> names fields the caller reads itself (e.g. "sweep").</summary>
    public static RunSpec Read(JsonObject document, string source, params string[] extraTopLevel)
    {
        SpecSchema.RejectUnknownFields(document, source, extraTopLevel);
        var runFields = new JsonObject();
        foreach (var (name, value) in document)
            if (!extraTopLevel.Contains(name)) runFields[name] = value?.DeepClone();
        try
        {
            return runFields.Deserialize<RunSpec>(RunSpec.Json) ?? throw new InputException($"{source}: empty spec.");
        }
        catch (JsonException e)
        {
            var field = SpecSchema.FieldOfJsonPath(e.Path);
            var expected = SpecSchema.Find(field) is { } f ? SpecSchema.Describe(f.Type) : "another type";
            throw new InputException($"{source}: {(field == "" ? "the spec" : field)} must be {expected}; fix that field.");
        }
    }
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetGeometry.Engine;

namespace NetGeometry.Experiments.Specs;

/// <summary>
/// The fields of a run spec as JSON sees them (camelCase, dotted paths such as "training.learningRate"), read by
/// reflection from <see cref="RunSpec"/> and its sections, so it never falls behind the code. It names fields in
/// error messages (unknown fields, fields of the wrong type, sweep axes) and knows the netgeo train option that sets
/// each one (training.learningRate is --lr), with which the CLI says the fields validation messages name.
/// </summary>
public static partial class SpecSchema
{
    /// <summary>One settable field: its dotted path, its .NET type, and the netgeo train option that sets it.</summary>
    public sealed record Field(string Path, Type Type, string Option)
    {
        public bool IsList => Type.IsArray;
        public bool IsSection => Sections.ContainsKey(Type);
    }

    /// <summary>The option names that are not the field name in kebab case (the rest are: --label-noise is labelNoise).</summary>
    private static readonly Dictionary<string, string> OptionAliases = new()
    {
        ["training.learningRate"] = "--lr",
        ["training.checkpointSchedule"] = "--checkpoints",
        ["data.source"] = "--data",
        ["data.csvFile"] = "--csv",
        ["data.oneHot"] = "--integer-targets",
        ["network.bias"] = "--no-bias",
        ["training.optLearningRate"] = "--opt-lr",
    };

    /// <summary>The section types (JSON objects) and the fields a spec document may hold besides them.</summary>
    private static readonly Dictionary<Type, string> Sections = new()
    {
        [typeof(Networks.NetworkSpec)] = "network",
        [typeof(Data.DataSpec)] = "data",
        [typeof(Training.TrainingSpec)] = "training",
    };

    /// <summary>Every field, sections first level then their fields, in declaration order.</summary>
    public static IReadOnlyList<Field> Fields { get; } = FieldsOf(typeof(RunSpec), "").ToList();

    private static IEnumerable<Field> FieldsOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var option = OptionAliases.GetValueOrDefault(path) ?? "--" + KebabBoundary().Replace(property.Name, "-$1").ToLowerInvariant();
            var field = new Field(path, property.PropertyType, option);
            yield return field;
            if (field.IsSection)
                foreach (var inner in FieldsOf(property.PropertyType, path + ".")) yield return inner;
        }
    }

    /// <summary>The field at a dotted path, or null.</summary>
    public static Field? Find(string path) => Fields.FirstOrDefault(f => f.Path == path);

    /// <summary>
    /// Throws an <see cref="InputException"/> naming the first field of <paramref name="document"/> that no spec has
    /// (typos such as "network.widht"), with the fields that do exist there.
    /// </summary>
    public static void RejectUnknownFields(JsonObject document, string source, params string[] extraTopLevel)
    {
        void Check(JsonObject node, string prefix)
        {
            foreach (var (name, value) in node)
            {
                if (prefix == "" && extraTopLevel.Contains(name)) continue;
                var field = Find(prefix + name);
                if (field is null)
                {
                    var known = Fields.Where(f => IsDirectChild(f.Path, prefix)).Select(f => f.Path[prefix.Length..]).Concat(prefix == "" ? extraTopLevel : []);
                    throw new InputException($"{source}: unknown field '{prefix + name}'; {(prefix == "" ? "a spec has" : $"{prefix.TrimEnd('.')} has")} {string.Join(", ", known)}.");
                }
                if (!field.IsSection) continue;
                if (value is not JsonObject inner)
                    throw new InputException($"{source}: {field.Path} must be an object {{ ... }} of its fields, got {value?.ToJsonString() ?? "null"}.");
                Check(inner, field.Path + ".");
            }
        }
        Check(document, "");
    }

    private static bool IsDirectChild(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && !path[prefix.Length..].Contains('.');

    /// <summary>What a value of <paramref name="type"/> looks like in JSON, for error messages.</summary>
    public static string Describe(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain.IsArray) return "a list of " + Plural(plain.GetElementType()!);
        return plain switch
        {
            _ when plain == typeof(int) || plain == typeof(long) => "a whole number",
            _ when plain == typeof(double) => "a number",
            _ when plain == typeof(bool) => "true or false",
            _ when plain == typeof(string) => "text",
            _ when Sections.ContainsKey(plain) => "an object",
            _ => plain.Name,
        };
    }

    private static string Plural(Type element) => element switch
    {
        _ when element == typeof(int) || element == typeof(long) => "whole numbers",
        _ when element == typeof(double) => "numbers",
        _ when element == typeof(string) => "texts",
        _ => element.Name + " values",
    };

    /// <summary>
    /// A validation message as a spec's reader wants it, prefixed by where the spec came from: the spec fields it names
    /// said by their paths (training.learningRate), its other fields (a budget, a folder) left for the front end to say.
    /// </summary>
    public static InputMessage InSpecTerms(InputMessage message, string source) =>
        $"{source}: {message.WithPaths(field => Find(field.Path) is not null)}";

    /// <summary>The dotted field path of a System.Text.Json error path ("$.network.widths[0]" is network.widths).</summary>
    public static string FieldOfJsonPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) ? "" : JsonIndex().Replace(jsonPath.TrimStart('$').TrimStart('.'), "");

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex JsonIndex();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using NetGeometry.Engine;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Experiments.Specs;

/// <summary>
/// An experiment: a run spec (name, seed, network, data, training with its probes and schedules) and, optionally, a
/// sweep over any of its fields. The JSON document is a run spec with one more field, "sweep", mapping dotted field
/// paths to the values they take:
/// <code>{ "name": "widths", "network": { "model": "two-layer-relu" }, "sweep": { "network.widths": [64, 256], "seed": [0, 1] } }</code>
/// The sweep is the Cartesian product of its axes, the first axis varying slowest; each combination is a
/// <see cref="SweepCell"/>, an ordinary run. Without a sweep the experiment is one cell. docs/experiments.md
/// documents the schema.
/// </summary>
public sealed class ExperimentSpec
{
    public const string SweepField = "sweep";

    public ExperimentSpec(RunSpec baseSpec, IReadOnlyList<SweepAxis>? axes = null, string source = "the spec")
    {
        Base = baseSpec;
        Axes = axes ?? [];
        Source = source;
        foreach (var axis in Axes) CheckAxis(axis);
        var repeated = Axes.GroupBy(a => a.Field).FirstOrDefault(g => g.Count() > 1);
        InputException.Require(repeated is null, $"{source}: sweep axis {repeated?.Key} is given twice; give its values once.");
    }

    /// <summary>The spec every cell starts from.</summary>
    public RunSpec Base { get; }

    public IReadOnlyList<SweepAxis> Axes { get; }

    /// <summary>Where the spec came from, for error messages (a file name).</summary>
    public string Source { get; }

    public string Name => Base.Name;

    /// <summary>Reads an experiment spec file.</summary>
    public static ExperimentSpec Load(string path)
    {
        InputException.Require(!Directory.Exists(path), $"{path} is a folder; give the path of a JSON spec file, e.g. examples/width-sweep.json.");
        InputException.Require(File.Exists(path), $"no spec file {path}; give the path of a JSON spec file, e.g. examples/width-sweep.json.");
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the spec {path} ({e.Message}); give the path of a JSON spec file.");
        }
        return Parse(json, Path.GetFileName(path));
    }

    public static ExperimentSpec Parse(string json, string source)
    {
        var document = SpecReader.ParseObject(json, source);
        var baseSpec = SpecReader.Read(document, source, SweepField);
        var axes = new List<SweepAxis>();
        if (document[SweepField] is { } sweep)
        {
            InputException.Require(sweep is JsonObject,
                $"{source}: sweep must be an object mapping fields to lists of values, e.g. {{\"network.widths\": [64, 256], \"seed\": [0, 1]}}.");
            foreach (var (field, values) in sweep.AsObject())
            {
                InputException.Require(values is JsonArray,
                    $"{source}: sweep axis {field} must be a list of values, e.g. [1, 2, 3]; got {values?.ToJsonString() ?? "null"}.");
                axes.Add(new SweepAxis(field, values!.AsArray().Select(v => v?.DeepClone() ?? JsonValue.Create((string?)null)!).ToList()));
            }
        }
        return new ExperimentSpec(baseSpec, axes, source);
    }

    /// <summary>The document again: the base spec with every field, and the sweep.</summary>
    public string ToJson()
    {
        var document = JsonSerializer.SerializeToNode(Base, RunSpec.Json)!.AsObject();
        if (Axes.Count > 0)
        {
            var sweep = new JsonObject();
            foreach (var axis in Axes) sweep[axis.Field] = new JsonArray(axis.Values.Select(v => v.DeepClone()).ToArray());
            document[SweepField] = sweep;
        }
        return document.ToJsonString(RunSpec.Json);
    }

    /// <summary>
    /// Every cell, first axis slowest. Each is read strictly and its training settings validated, so a value that does
    /// not fit its field fails here, naming the axis, before anything runs; two cells that resolve to the same run
    /// are refused.
    /// </summary>
    public IReadOnlyList<SweepCell> Cells()
    {
        var baseDocument = JsonSerializer.SerializeToNode(Base, RunSpec.Json)!.AsObject();
        var names = ShortNames();
        var cells = new List<SweepCell>();
        foreach (var combination in Combinations())
        {
            var document = (JsonObject)baseDocument.DeepClone();
            var coordinates = new List<CellCoordinate>();
            for (int i = 0; i < Axes.Count; i++)
            {
                var value = combination[i];
                Set(document, Axes[i].Field, value);
                coordinates.Add(new CellCoordinate(Axes[i].Field, names[i], SweepAxis.Text(value)));
            }
            var where = coordinates.Count == 0 ? Source : $"{Source}, sweep cell {string.Join(" ", coordinates.Select(c => $"{c.Name}={c.Value}"))}";
            var spec = SpecReader.Read(document, where);
            try
            {
                spec.Training.Validate();
            }
            catch (InputException e)
            {
                throw new InputException(SpecSchema.InSpecTerms(e.Text, where));
            }
            cells.Add(new SweepCell(spec, CellKey.Of(spec), coordinates));
        }
        var twins = cells.GroupBy(c => c.Key).FirstOrDefault(g => g.Count() > 1);
        InputException.Require(twins is null,
            $"{Source}: sweep cells {string.Join(" and ", twins?.Select(c => $"'{c.Label}'") ?? [])} are the same run; remove one of the values.");
        return cells;
    }

    private void CheckAxis(SweepAxis axis)
    {
        var field = SpecSchema.Find(axis.Field);
        InputException.Require(field is not null && axis.Field != "name",
            $"{Source}: sweep axis '{axis.Field}' is not a field a sweep can vary; use a dotted path such as " +
            "network.widths, data.train, training.learningRate or seed, or a section (network, data, training) " +
            "with objects of its fields (docs/experiments.md lists them).");
        InputException.Require(axis.Values.Count > 0, $"{Source}: sweep axis {axis.Field} has no values; give at least one.");
        InputException.Require(!field!.IsSection || axis.Values.All(v => v is JsonObject),
            $"{Source}: sweep axis {axis.Field} is a section: each value must be an object of its fields, e.g. " +
            "{\"model\": \"cnn\", \"opt\": \"cp\"}.");
        var repeated = axis.Values.GroupBy(v => v.ToJsonString()).FirstOrDefault(g => g.Count() > 1);
        InputException.Require(repeated is null, $"{Source}: sweep axis {axis.Field} lists {repeated?.Key} twice; give each value once.");
    }

    /// <summary>Each axis by the last part of its path (widths, seed), or the whole path where two would clash.</summary>
    private string[] ShortNames()
    {
        var last = Axes.Select(a => a.Field.Split('.')[^1]).ToArray();
        return Axes.Select((a, i) => last.Count(n => n == last[i]) > 1 ? a.Field : last[i]).ToArray();
    }

    private IEnumerable<JsonNode[]> Combinations()
    {
        IEnumerable<JsonNode[]> result = [[]];
        foreach (var axis in Axes)
            result = result.SelectMany(prefix => axis.Values.Select(v => (JsonNode[])[.. prefix, v]));
        return result;
    }

    /// <summary>
    /// Puts a copy of <paramref name="value"/> at a dotted path; a single value for a list field becomes a list of one;
    /// an object for a section sets each of its fields there, leaving the section's other fields as they were.
    /// </summary>
    private static void Set(JsonObject document, string path, JsonNode? value)
    {
        if (value is JsonObject fields && SpecSchema.Find(path)!.IsSection)
        {
            foreach (var (name, inner) in fields) Set(document, $"{path}.{name}", inner);
            return;
        }
        var parts = path.Split('.');
        var node = document;
        foreach (var part in parts[..^1]) node = (JsonObject)(node[part] ??= new JsonObject());
        var copy = value?.DeepClone();
        node[parts[^1]] = copy is not null and not JsonArray && SpecSchema.Find(path)?.IsList == true ? new JsonArray(copy) : copy;
    }
}

using System.Text.Json;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// The mark a cell's folder gets as the very last thing its process does for it, after the cell's store is closed:
/// finished.json, holding the cell's key and how its run ended. A folder without it is half-written (its process
/// was killed, or is still running) whatever its store says; one whose key differs belongs to another spec. Written
/// atomically (<see cref="AtomicFile"/>), so a kill leaves the mark whole or absent. It is what lets cells run on other
/// machines: the process that copies cells into the sweep's store (<see cref="SweepCollector"/>, or the one-machine
/// <see cref="SweepRunner"/>) trusts a cell folder only when it carries the mark.
/// </summary>
internal static class FinishedCell
{
    public const string File = "finished.json";

    private sealed record Mark(string Key, RunStatus Status);

    private static readonly JsonSerializerOptions Options = new(RunSpec.Json) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static void Write(string cellFolder, string key, RunStatus status) =>
        AtomicFile.WriteAllText(Path.Combine(cellFolder, File), JsonSerializer.Serialize(new Mark(key, status), Options));

    /// <summary>How the cell's run ended, when its folder carries the mark of this <paramref name="key"/>; null for a
    /// folder without it (or with an unreadable or foreign one).</summary>
    public static RunStatus? Read(string cellFolder, string key)
    {
        var path = Path.Combine(cellFolder, File);
        if (!System.IO.File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<Mark>(System.IO.File.ReadAllText(path), Options) is { } mark && mark.Key == key ? mark.Status : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Whether a run that ended so belongs in the sweep's store: it reached its end, or diverged (a result of
    /// the sweep's). A failed or cancelled one is run again instead.</summary>
    public static bool Stored(RunStatus status) => status is RunStatus.Completed or RunStatus.Diverged;
}

using System.Globalization;
using Microsoft.Data.Sqlite;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>Reading a results store back: runs, and per run its metrics, summaries, artifacts and checkpoints.</summary>
public sealed partial class ResultsStore
{
    /// <summary>Every run in the store, oldest first.</summary>
    /// <remarks>A run recorded as running whose process has ended (<see cref="RunOwner.HasEnded"/>) is listed as <see cref="RunStatus.Interrupted"/>.</remarks>
    public IReadOnlyList<StoredRun> Runs() => Query($"SELECT {ResultsSchema.RunColumns(schemaVersion)} FROM runs ORDER BY id;", ReadRun);

    private static StoredRun ReadRun(SqliteDataReader r)
    {
        var owner = r.IsDBNull(9) ? null : new RunOwner(r.GetString(9), r.GetInt32(10), ParseTime(r.GetString(11)));
        var status = Enum.Parse<RunStatus>(r.GetString(5), ignoreCase: true);
        if (status == RunStatus.Running && owner is { HasEnded: true }) status = RunStatus.Interrupted;
        return new StoredRun(r.GetInt64(0), r.GetString(1), r.GetString(2), ParseTime(r.GetString(3)),
            r.IsDBNull(4) ? null : ParseTime(r.GetString(4)), status, TextOrNull(r, 6), TextOrNull(r, 7), TextOrNull(r, 8), owner);
    }

    /// <summary>The run's metrics in the order they were recorded (NaN comes back as NaN).</summary>
    public IReadOnlyList<Metric> Metrics(long runId) => Query(
        "SELECT step, name, layer, value FROM metrics WHERE run_id = $run ORDER BY rowid;",
        r => new Metric(r.GetInt64(0), r.GetString(1), TextOrNull(r, 2), RealOrNaN(r, 3)),
        ("$run", runId));

    /// <summary>The run's summaries by key; a text summary has Number = NaN.</summary>
    public IReadOnlyList<Summary> Summaries(long runId) => Query(
        "SELECT key, value_real, value_text FROM summaries WHERE run_id = $run ORDER BY key;",
        r => new Summary(r.GetString(0), RealOrNaN(r, 1), TextOrNull(r, 2)),
        ("$run", runId));

    /// <summary>The files the run registered, in registration order.</summary>
    public IReadOnlyList<Artifact> Artifacts(long runId) => Query(
        "SELECT name, kind, relative_path FROM artifacts WHERE run_id = $run ORDER BY rowid;",
        r => new Artifact(r.GetString(0), r.GetString(1), r.GetString(2)),
        ("$run", runId));

    /// <summary>The steps at which the run saved a checkpoint, ascending.</summary>
    public IReadOnlyList<long> CheckpointSteps(long runId) => Query(
        "SELECT DISTINCT step FROM checkpoints WHERE run_id = $run ORDER BY step;",
        r => r.GetInt64(0),
        ("$run", runId));

    /// <summary>
    /// The parameters saved at <paramref name="step"/>, in the network's order, as float64 CPU tensors (Restore
    /// converts them to the network's dtype and device). The caller disposes the snapshot.
    /// </summary>
    public ParameterSnapshot LoadCheckpoint(long runId, long step)
    {
        var rows = Query(
            "SELECT layer, name, shape_json, data FROM checkpoints WHERE run_id = $run AND step = $step ORDER BY position;",
            r => (Layer: r.GetString(0), Name: r.GetString(1), ShapeJson: r.GetString(2), Data: r.GetFieldValue<byte[]>(3)),
            ("$run", runId), ("$step", step));
        if (rows.Count == 0)
        {
            var steps = CheckpointSteps(runId);
            throw new InputException($"run {runId} in {Path} has no checkpoint at step {step}; " +
                (steps.Count == 0 ? "it saved none." : $"choose one of steps {string.Join(", ", steps)}."));
        }
        var shapes = rows.Select(row =>
        {
            var shape = CheckpointCodec.ParseShape(row.ShapeJson);
            InputException.Require(shape is not null && CheckpointCodec.Fits(shape, row.Data),
                $"{Path} is damaged: checkpoint {row.Layer}.{row.Name} of run {runId} at step {step} does not match its shape {row.ShapeJson}; re-run to recreate it.");
            return shape!;
        }).ToList();
        return new ParameterSnapshot(rows.Select((row, i) => (row.Layer, row.Name, CheckpointCodec.Decode(shapes[i], row.Data))));
    }

    /// <summary>
    /// Reads the whole file once (SQLite's quick_check) and throws the one-line <see cref="InputException"/> for a
    /// damaged store if any part of it is damaged, so that damage is found before work that would need it.
    /// </summary>
    public void RequireIntact()
    {
        var problems = Query("PRAGMA quick_check;", r => r.GetString(0));
        if (problems is ["ok"]) return;
        var lines = problems.SelectMany(p => p.Split('\n')).Where(l => !l.StartsWith("***")).Take(2);
        throw StoreDamage.Describe(Path, $"quick_check: {string.Join("; ", lines)}");
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters) => Guarded(() =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            try
            {
                rows.Add(map(reader));
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
            {
                // SQLite read the page, but what it holds is not what netgeo wrote there (a garbled byte SQLite cannot see).
                throw StoreDamage.Describe(Path, $"unreadable value: {e.Message.Split('\n')[0].TrimEnd('.')}");
            }
        }
        return rows;
    });

    private static string? TextOrNull(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static double RealOrNaN(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);

    private static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}

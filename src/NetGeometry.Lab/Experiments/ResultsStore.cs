using Microsoft.Data.Sqlite;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>
/// The embedded results database (SQLite, one file; tables in <see cref="ResultsSchema"/> and docs/results-store.md):
/// runs, their metrics, summaries, checkpoints and artifacts. It records into its current run (see
/// <see cref="BeginRun"/>) as an <see cref="IRunRecorder"/>.
/// </summary>
/// <remarks>
/// Crash safety: the database is in WAL mode and every write call is one transaction, so a process killed at any
/// moment (even kill -9) leaves a readable store holding every call that returned. Synchronous mode NORMAL: a
/// power cut (not a killed process) may lose the last few calls, never the database. Not thread-safe; several
/// processes may share one store (SQLite serializes their writes).
/// </remarks>
public sealed partial class ResultsStore : IRunRecorder, IDisposable
{
    private readonly SqliteConnection connection;
    private readonly TimeProvider clock;
    /// <summary>The schema version of the file (older than <see cref="ResultsSchema.Version"/> only when opened read-only).</summary>
    private readonly int schemaVersion;

    private ResultsStore(string path, SqliteConnection connection, TimeProvider clock, int schemaVersion)
    {
        Path = path;
        this.connection = connection;
        this.clock = clock;
        this.schemaVersion = schemaVersion;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The run that Record, SaveCheckpoint, SetSummary, AddArtifact and FinishRun write to.</summary>
    public long? CurrentRunId { get; private set; }

    /// <summary>
    /// Opens the store at <paramref name="path"/> to write to it, creating the file and its tables if it does not
    /// exist or is empty (its folder must exist); a database of another program is refused, never written to.
    /// <paramref name="clock"/> dates the runs (the system clock unless given).
    /// </summary>
    public static ResultsStore Open(string path, TimeProvider? clock = null) =>
        Open(path, SqliteOpenMode.ReadWriteCreate, clock ?? TimeProvider.System);

    /// <summary>
    /// Opens an existing store, read-only unless <paramref name="readOnly"/> is false (then it may add to its runs,
    /// e.g. a report's artifact). It never creates a file or a table: a missing file, a file that is not a netgeo
    /// results store (an empty one, another program's database) and a damaged one are each an <see cref="InputException"/>.
    /// </summary>
    public static ResultsStore OpenExisting(string path, bool readOnly = true)
    {
        InputException.Require(File.Exists(path), $"no results store {System.IO.Path.GetFullPath(path)}: give the folder netgeo printed.");
        return Open(path, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, TimeProvider.System);
    }

    private static ResultsStore Open(string path, SqliteOpenMode mode, TimeProvider clock)
    {
        var full = System.IO.Path.GetFullPath(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = mode == SqliteOpenMode.ReadOnly ? ReadOnlySource(full) : full,
            Mode = mode,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var version = Prepare(connection, full, mode);
            return new ResultsStore(full, connection, clock, version);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT)
        {
            connection.Dispose();
            throw e.SqliteErrorCode switch
            {
                SQLitePCL.raw.SQLITE_CANTOPEN => new InputException($"cannot open or create the results store {full}: check that its folder exists and is writable."),
                SQLitePCL.raw.SQLITE_NOTADB => new InputException($"{full} is not a results store (not a SQLite database); give a results.sqlite file or a new path."),
                _ => StoreDamage.Describe(full, e),
            };
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// What to open read-only: with no write-ahead log beside it (no process has the store open for writing, and the
    /// last one finished its log), the file is all there is and is opened immutable, so that SQLite does not create
    /// the -wal and -shm files a reader would otherwise leave behind; else the file as it is, read with its log.
    /// </summary>
    private static string ReadOnlySource(string full) =>
        File.Exists(full + "-wal") ? full : new Uri(full).AbsoluteUri + "?immutable=1";

    /// <summary>
    /// Checks that the database is a results store this code reads; a writer also sets the journal and creates the
    /// tables in a new (empty) database or upgrades an older schema. Returns the schema version it holds now.
    /// </summary>
    private static int Prepare(SqliteConnection connection, string path, SqliteOpenMode mode)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"));
        InputException.Require(version <= ResultsSchema.Version,
            $"{path} has results-store schema {version}, newer than this NetGeometry reads ({ResultsSchema.Version}); upgrade NetGeometry.");
        var foreign = version == 0 && Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master;")) > 0;
        InputException.Require(!foreign, $"{path} is another program's SQLite database, not a netgeo results store; give a run or sweep folder netgeo made.");
        InputException.Require(version > 0 || mode == SqliteOpenMode.ReadWriteCreate,
            $"{path} is not a netgeo results store (an empty database); give a run or sweep folder netgeo made.");
        if (mode == SqliteOpenMode.ReadOnly) return version;

        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
            pragmas.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        version = Convert.ToInt32(command.ExecuteScalar());
        if (version < ResultsSchema.Version)
        {
            command.CommandText = ResultsSchema.Upgrade(version) + $"\nPRAGMA user_version = {ResultsSchema.Version};";
            command.ExecuteNonQuery();
        }
        transaction.Commit();
        return ResultsSchema.Version;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Starts a run (status running, owned by this process) and makes it the current one; returns its id.</summary>
    public long BeginRun(string name, string specJson)
    {
        var id = InTransaction(command =>
        {
            command.CommandText = """
                INSERT INTO runs(name, spec_json, started_utc, status, host, pid, process_started_utc)
                VALUES ($name, $spec, $started, $status, $host, $pid, $processStarted);
                SELECT last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$spec", specJson);
            command.Parameters.AddWithValue("$started", Timestamp(clock.GetUtcNow().UtcDateTime));
            command.Parameters.AddWithValue("$status", StatusText(RunStatus.Running));
            command.Parameters.AddWithValue("$host", RunOwner.Current.Host);
            command.Parameters.AddWithValue("$pid", RunOwner.Current.Pid);
            command.Parameters.AddWithValue("$processStarted", Timestamp(RunOwner.Current.ProcessStartedUtc));
            return (long)command.ExecuteScalar()!;
        });
        CurrentRunId = id;
        return id;
    }

    /// <summary>
    /// Makes an existing run the current one again, so that a store reopened later can add to it (a report, an
    /// export). It does not change the run's status.
    /// </summary>
    public void Continue(long runId)
    {
        if (Runs().All(r => r.Id != runId)) throw new InvalidOperationException($"{Path} has no run {runId}.");
        CurrentRunId = runId;
    }

    /// <summary>Appends metrics to the current run, all or none.</summary>
    public void Record(IReadOnlyList<Metric> metrics)
    {
        var runId = RequireRun();
        InTransaction(command =>
        {
            command.CommandText = "INSERT INTO metrics(run_id, step, name, layer, value) VALUES ($run, $step, $name, $layer, $value);";
            command.Parameters.AddWithValue("$run", runId);
            var step = command.Parameters.Add("$step", SqliteType.Integer);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var layer = command.Parameters.Add("$layer", SqliteType.Text);
            var value = command.Parameters.Add("$value", SqliteType.Real);
            foreach (var metric in metrics)
            {
                step.Value = metric.Step;
                name.Value = metric.Name;
                layer.Value = Nullable(metric.Layer);
                value.Value = Real(metric.Value);
                command.ExecuteNonQuery();
            }
            return 0;
        });
    }

    /// <summary>Stores every parameter of the snapshot as float64 at <paramref name="step"/>, replacing a checkpoint already there.</summary>
    public void SaveCheckpoint(long step, ParameterSnapshot snapshot)
    {
        var runId = RequireRun();
        var rows = snapshot.Entries
            .Select(e => (e.Layer, e.Name, Shape: CheckpointCodec.ShapeJson(e.Value), Data: CheckpointCodec.Encode(e.Value)))
            .ToList();
        InTransaction(command =>
        {
            command.CommandText = "DELETE FROM checkpoints WHERE run_id = $run AND step = $step;";
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$step", step);
            command.ExecuteNonQuery();

            command.CommandText = """
                INSERT INTO checkpoints(run_id, step, position, layer, name, shape_json, data)
                VALUES ($run, $step, $position, $layer, $name, $shape, $data);
                """;
            var position = command.Parameters.Add("$position", SqliteType.Integer);
            var layer = command.Parameters.Add("$layer", SqliteType.Text);
            var name = command.Parameters.Add("$name", SqliteType.Text);
            var shape = command.Parameters.Add("$shape", SqliteType.Text);
            var data = command.Parameters.Add("$data", SqliteType.Blob);
            for (var i = 0; i < rows.Count; i++)
            {
                (position.Value, layer.Value, name.Value, shape.Value, data.Value) = (i, rows[i].Layer, rows[i].Name, rows[i].Shape, rows[i].Data);
                command.ExecuteNonQuery();
            }
            return 0;
        });
    }

    /// <summary>Sets a final number of the current run (e.g. test_accuracy), replacing an earlier value of the key.</summary>
    public void SetSummary(string key, double value) => WriteSummary(key, Real(value), DBNull.Value);

    /// <summary>Sets a final text of the current run (e.g. a verdict), replacing an earlier value of the key.</summary>
    public void SetSummary(string key, string value) => WriteSummary(key, DBNull.Value, value);

    private void WriteSummary(string key, object real, object text)
    {
        var runId = RequireRun();
        InTransaction(command =>
        {
            command.CommandText = "INSERT OR REPLACE INTO summaries(run_id, key, value_real, value_text) VALUES ($run, $key, $real, $text);";
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$real", real);
            command.Parameters.AddWithValue("$text", text);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>Registers a file of the current run (path relative to its run directory, '/'-separated); registering a path again replaces it.</summary>
    public void AddArtifact(string name, string kind, string relativePath)
    {
        var runId = RequireRun();
        InTransaction(command =>
        {
            command.CommandText = "INSERT OR REPLACE INTO artifacts(run_id, name, kind, relative_path) VALUES ($run, $name, $kind, $path);";
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$path", relativePath);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>
    /// Records how the current run ended (and when). It stays the current run, so artifacts made afterwards (plots,
    /// exports) still register with it.
    /// </summary>
    public void FinishRun(RunStatus status, string? message = null)
    {
        var runId = RequireRun();
        InTransaction(command =>
        {
            command.CommandText = "UPDATE runs SET finished_utc = $finished, status = $status, message = $message WHERE id = $run;";
            command.Parameters.AddWithValue("$finished", Timestamp(clock.GetUtcNow().UtcDateTime));
            command.Parameters.AddWithValue("$status", StatusText(status));
            command.Parameters.AddWithValue("$message", Nullable(message));
            command.Parameters.AddWithValue("$run", runId);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>Closes the database; everything written is already committed.</summary>
    public void Dispose() => connection.Dispose();

    private long RequireRun() =>
        CurrentRunId ?? throw new InvalidOperationException("the results store has no current run: call BeginRun first.");

    /// <summary>Runs <paramref name="write"/> on a command inside one transaction, committed when it returns.</summary>
    private T InTransaction<T>(Func<SqliteCommand, T> write) => Guarded(() =>
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var result = write(command);
        transaction.Commit();
        return result;
    });

    /// <summary>Runs <paramref name="access"/>, turning SQLite's report of a damaged file into a one-line <see cref="InputException"/>.</summary>
    private T Guarded<T>(Func<T> access)
    {
        try
        {
            return access();
        }
        catch (SqliteException e) when (StoreDamage.Is(e))
        {
            throw StoreDamage.Describe(Path, e);
        }
    }

    private static string Timestamp(DateTime utc) => utc.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static string StatusText(RunStatus status) => status.ToString().ToLowerInvariant();

    private static object Nullable(string? text) => (object?)text ?? DBNull.Value;

    /// <summary>SQLite cannot hold NaN (it would store NULL anyway); NULL is NaN's stored form, explicitly.</summary>
    private static object Real(double value) => double.IsNaN(value) ? DBNull.Value : value;
}

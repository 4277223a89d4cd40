using NetGeometry.Engine;

namespace NetGeometry.Experiments;

/// <summary>A sweep's store: the finished cells of the sweep, each copied in from the cell's own store.</summary>
public sealed partial class ResultsStore
{
    /// <summary>
    /// Copies the one run of the store at <paramref name="cellStorePath"/> (closed, finished) into this store as the
    /// cell <paramref name="cellKey"/> whose run directory is <paramref name="folder"/> (relative to this store's
    /// folder): its row, metrics, summaries and artifacts (paths prefixed with the folder), in one transaction, so the
    /// cell is either wholly here or not at all. Checkpoints stay in the cell's own store. A key already here is a
    /// programming error (SQLite's unique index refuses it). Returns the run's id in this store.
    /// </summary>
    public long ImportCell(string cellStorePath, string cellKey, string folder)
    {
        Execute("ATTACH DATABASE $path AS cell;", ("$path", cellStorePath));
        try
        {
            return InTransaction(command =>
            {
                command.CommandText = "SELECT id FROM cell.runs ORDER BY id;";
                var sources = new List<long>();
                using (var reader = command.ExecuteReader())
                    while (reader.Read()) sources.Add(reader.GetInt64(0));
                if (sources.Count != 1)
                    throw new InputException($"{cellStorePath} holds {sources.Count} runs, not the one run of a sweep cell; delete the cell's folder to run it again.");
                command.Parameters.AddWithValue("$source", sources[0]);
                command.Parameters.AddWithValue("$key", cellKey);
                command.Parameters.AddWithValue("$folder", folder);
                command.CommandText = """
                    INSERT INTO runs(name, spec_json, started_utc, finished_utc, status, message, cell_key, folder)
                    SELECT name, spec_json, started_utc, finished_utc, status, message, $key, $folder FROM cell.runs WHERE id = $source;
                    SELECT last_insert_rowid();
                    """;
                var id = (long)command.ExecuteScalar()!;
                command.Parameters.AddWithValue("$id", id);
                command.CommandText = """
                    INSERT INTO metrics(run_id, step, name, layer, value)
                    SELECT $id, step, name, layer, value FROM cell.metrics WHERE run_id = $source ORDER BY rowid;
                    INSERT INTO summaries(run_id, key, value_real, value_text)
                    SELECT $id, key, value_real, value_text FROM cell.summaries WHERE run_id = $source;
                    INSERT INTO artifacts(run_id, name, kind, relative_path)
                    SELECT $id, name, kind, $folder || '/' || relative_path FROM cell.artifacts WHERE run_id = $source ORDER BY rowid;
                    """;
                command.ExecuteNonQuery();
                return id;
            });
        }
        finally
        {
            Execute("DETACH DATABASE cell;");
        }
    }

    /// <summary>The cells this store holds, by cell key.</summary>
    public IReadOnlyDictionary<string, StoredRun> Cells() =>
        Runs().Where(r => r.CellKey is not null).ToDictionary(r => r.CellKey!);

    private void Execute(string sql, params (string Name, object Value)[] parameters) => Guarded(() =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteNonQuery();
    });
}

namespace NetGeometry.Experiments;

/// <summary>
/// The tables of a results store (SQLite), version <see cref="Version"/> (kept in PRAGMA user_version).
/// docs/results-store.md describes them for people who query a store with other tools.
/// </summary>
internal static class ResultsSchema
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int Version = 3;

    /// <summary>Creates every table and index; run once, in a transaction, on a new database.</summary>
    public const string Create = """
        -- One row per run. status: running | completed | diverged | failed. A run whose process was killed stays
        -- 'running' with finished_utc NULL (readers call it interrupted; see OwnerV3). Times are ISO 8601 UTC text
        -- ("2025-01-31T12:00:00.0000000Z"). cell_key and folder: set on the finished cells a sweep's store holds
        -- (NULL otherwise); see CellsV2. host, pid, process_started_utc: the process that runs it; see OwnerV3.
        CREATE TABLE runs(
            id           INTEGER PRIMARY KEY,
            name         TEXT NOT NULL,
            spec_json    TEXT NOT NULL,
            started_utc  TEXT NOT NULL,
            finished_utc TEXT,
            status       TEXT NOT NULL,
            message      TEXT,
            cell_key     TEXT,
            folder       TEXT,
            host         TEXT,
            pid          INTEGER,
            process_started_utc TEXT);
        CREATE UNIQUE INDEX runs_by_cell_key ON runs(cell_key) WHERE cell_key IS NOT NULL;

        -- Every recorded value, in recording order (rowid). layer NULL: a whole-network value.
        -- value: a float64, NULL meaning NaN (SQLite stores NaN as NULL); +-Infinity are stored as such. The value
        -- columns have no declared type on purpose: REAL affinity would store -0.0 as the integer 0, losing its sign.
        CREATE TABLE metrics(
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step   INTEGER NOT NULL,
            name   TEXT NOT NULL,
            layer  TEXT,
            value);
        CREATE INDEX metrics_by_series ON metrics(run_id, name, layer, step);

        -- Final numbers and texts of a run (test_accuracy, verdict). A summary is a number (value_real, NULL
        -- meaning NaN) or a text (value_text), never both; setting a key again replaces it.
        CREATE TABLE summaries(
            run_id     INTEGER NOT NULL REFERENCES runs(id),
            key        TEXT NOT NULL,
            value_real,
            value_text TEXT,
            PRIMARY KEY(run_id, key));

        -- Parameters at a step: one row per parameter tensor, in the network's order (position).
        -- shape_json: the dimensions as a JSON array ([] for a scalar); data: the values in row-major order as
        -- float64 little-endian, whatever the tensor's dtype was.
        CREATE TABLE checkpoints(
            run_id     INTEGER NOT NULL REFERENCES runs(id),
            step       INTEGER NOT NULL,
            position   INTEGER NOT NULL,
            layer      TEXT NOT NULL,
            name       TEXT NOT NULL,
            shape_json TEXT NOT NULL,
            data       BLOB NOT NULL,
            PRIMARY KEY(run_id, step, position));

        -- Files a run produced (plots, CSV exports, reports), relative to its run directory, '/'-separated.
        CREATE TABLE artifacts(
            run_id        INTEGER NOT NULL REFERENCES runs(id),
            name          TEXT NOT NULL,
            kind          TEXT NOT NULL,
            relative_path TEXT NOT NULL,
            PRIMARY KEY(run_id, relative_path));
        """;

    /// <summary>
    /// Version 1 to 2: sweep cells. cell_key is the hash of a cell's resolved spec (unique: a cell is stored once),
    /// folder the cell's run directory relative to the store's folder, '/'-separated.
    /// </summary>
    public const string CellsV2 = """
        ALTER TABLE runs ADD COLUMN cell_key TEXT;
        ALTER TABLE runs ADD COLUMN folder TEXT;
        CREATE UNIQUE INDEX runs_by_cell_key ON runs(cell_key) WHERE cell_key IS NOT NULL;
        """;

    /// <summary>
    /// Version 2 to 3: the process that runs a run (machine name, process id and the process's start time), so that a
    /// reader can tell a run still going from one whose process was killed (see <see cref="RunOwner"/>).
    /// </summary>
    public const string OwnerV3 = """
        ALTER TABLE runs ADD COLUMN host TEXT;
        ALTER TABLE runs ADD COLUMN pid INTEGER;
        ALTER TABLE runs ADD COLUMN process_started_utc TEXT;
        """;

    /// <summary>The statements that bring a database of schema <paramref name="version"/> (0: a new one) to <see cref="Version"/>.</summary>
    public static string Upgrade(int version) => version switch
    {
        0 => Create,
        1 => CellsV2 + OwnerV3,
        2 => OwnerV3,
        _ => "",
    };

    /// <summary>
    /// The columns of runs that Runs() reads, with NULL in place of those a store of schema <paramref name="version"/>
    /// lacks (an older store opened read-only is read as it is, not upgraded).
    /// </summary>
    public static string RunColumns(int version) =>
        "id, name, spec_json, started_utc, finished_utc, status, message, " +
        (version >= 2 ? "cell_key, folder, " : "NULL, NULL, ") +
        (version >= 3 ? "host, pid, process_started_utc" : "NULL, NULL, NULL");
}

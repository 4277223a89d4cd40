using Microsoft.Data.Sqlite;
using NetGeometry.Engine;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Experiments;

/// <summary>
/// A results store whose file SQLite finds damaged (its body garbled or cut short, e.g. by a disk that failed or a
/// copy that stopped): the one-line error that says which file and what to do about it.
/// </summary>
internal static class StoreDamage
{
    /// <summary>Whether SQLite's error says the file is damaged rather than, say, busy or missing.</summary>
    public static bool Is(SqliteException e) => e.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB;

    /// <summary>The error for the store at <paramref name="storePath"/> that SQLite reported damaged.</summary>
    public static InputException Describe(string storePath, SqliteException e) =>
        Describe(storePath, SQLitePCL.raw.sqlite3_errstr(e.SqliteErrorCode).utf8_to_string());

    /// <summary>The error for the damaged store at <paramref name="storePath"/>: a sweep's is rebuilt by netgeo repair, a run's is re-run.</summary>
    public static InputException Describe(string storePath, string reason)
    {
        var folder = Path.GetDirectoryName(storePath)!;
        return new InputException(SweepDirectory.IsSweep(folder)
            ? $"{storePath} is damaged ({reason}); run `netgeo repair {folder}` to rebuild it from the sweep's cell folders."
            : $"{storePath} is damaged ({reason}); its run cannot be read back: run it again.");
    }
}

using Microsoft.Data.Sqlite;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>Damaged and foreign results.sqlite files, and the checks that a refused one was left as it was.</summary>
public static class StoreFiles
{
    /// <summary>The kinds of file a reader may find where a run's results.sqlite should be.</summary>
    public enum Kind { Garbled, Truncated, ZeroBytes, EmptyDatabase, ForeignDatabase }

    /// <summary>
    /// Writes a file of <paramref name="kind"/> at <paramref name="target"/>: the first two from the real store at
    /// <paramref name="source"/> (header page intact, the body garbled or cut to a third), the others from scratch.
    /// </summary>
    public static void Write(Kind kind, string source, string target)
    {
        switch (kind)
        {
            case Kind.Garbled: File.WriteAllBytes(target, Garble(File.ReadAllBytes(source))); break;
            case Kind.Truncated: File.WriteAllBytes(target, File.ReadAllBytes(source)[..Math.Max(8192, (int)new FileInfo(source).Length / 3)]); break;
            case Kind.ZeroBytes: File.WriteAllBytes(target, []); break;
            case Kind.EmptyDatabase: Sql(target, "VACUUM;"); break;
            case Kind.ForeignDatabase: Sql(target, "CREATE TABLE runs(x); INSERT INTO runs VALUES ('not netgeo');"); break;
        }
    }

    /// <summary>Every byte after the first page (SQLite's header and schema root) overwritten at a stride of 7.</summary>
    public static byte[] Garble(byte[] bytes)
    {
        for (int i = 4096 + 100; i < bytes.Length; i += 7) bytes[i] = 0x5a;
        return bytes;
    }

    /// <summary>Every file under <paramref name="folder"/> with its content's hash, to compare before and after.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder) => new(
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f),
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    /// <summary>Asserts exit status 2 and one line on stderr (no stack trace) that mentions <paramref name="mention"/>.</summary>
    public static string AssertRefused(Netgeo.Result result, string mention)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("netgeo: ", line);
        Assert.Contains(mention, line);
        return line;
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A finished tiny training run (with checkpoints), made once by the real netgeo for the tests that read it.</summary>
public sealed class TrainedRunFixture : IDisposable
{
    private readonly TempFolder root = new();

    public TrainedRunFixture()
    {
        var r = Netgeo.Run(root.Path, "train", "--model", "mlp", "--widths", "6", "--data", "sphere", "--train", "12", "--dim", "3",
            "--steps", "8", "--checkpoints", "every:4", "--name", "fixture", "--threads", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Directory = System.IO.Directory.GetDirectories(Path.Combine(root.Path, "runs"), "fixture-*").Single();
    }

    /// <summary>The run's folder.</summary>
    public string Directory { get; }

    public void Dispose() => root.Dispose();
}

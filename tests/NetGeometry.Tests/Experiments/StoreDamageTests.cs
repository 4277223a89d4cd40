using Microsoft.Data.Sqlite;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Training;

namespace NetGeometry.Tests.Experiments;

/// <summary>Opening stores for reading: older schemas read as they are, nothing written; a live run reads as running.</summary>
public sealed class StoreDamageTests : IDisposable
{
    private readonly TempFolder folder = new();

    private string StorePath => folder.File("results.sqlite");

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AnOlderStoreIsReadAsItIsAndUpgradedOnlyByAWriter()
    {
        using (var store = ResultsStore.Open(StorePath)) store.BeginRun("old", "{}");
        Sql("ALTER TABLE runs DROP COLUMN host; ALTER TABLE runs DROP COLUMN pid; ALTER TABLE runs DROP COLUMN process_started_utc; PRAGMA user_version = 2;");
        var bytes = File.ReadAllBytes(StorePath);

        using (var reader = ResultsStore.OpenExisting(StorePath))
        {
            var run = Assert.Single(reader.Runs());
            Assert.Equal(("old", RunStatus.Running, (RunOwner?)null), (run.Name, run.Status, run.Owner));
        }
        Assert.Equal(bytes, File.ReadAllBytes(StorePath));
        Assert.False(File.Exists(StorePath + "-wal"), "a reader leaves no journal behind");

        using (ResultsStore.Open(StorePath)) { }
        Assert.Equal(3L, Sql("PRAGMA user_version;"));
    }

    [Fact]
    public void ARunOfALiveProcessReadsAsRunningAndOneOfAGoneProcessAsInterrupted()
    {
        using var store = ResultsStore.Open(StorePath);
        var live = store.BeginRun("live", "{}");
        var gone = store.BeginRun("gone", "{}");
        Sql($"UPDATE runs SET process_started_utc = '2001-01-01T00:00:00.0000000Z' WHERE id = {gone};");  // the id of this process, another start

        Assert.Equal([RunStatus.Running, RunStatus.Interrupted], store.Runs().Select(r => r.Status));
        Assert.Equal(RunOwner.Current, store.Runs().Single(r => r.Id == live).Owner);
    }

    [Fact]
    public void AMissingStoreIsAnInputErrorAndIsNotCreated()
    {
        var error = Assert.Throws<InputException>(() => ResultsStore.OpenExisting(StorePath));
        Assert.Contains("no results store", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    private object? Sql(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

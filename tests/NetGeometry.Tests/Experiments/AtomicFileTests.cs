using System.Text;
using NetGeometry.Experiments;

namespace NetGeometry.Tests.Experiments;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string[] FilesInFolder => Directory.GetFiles(folder.Path).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void WritesANewFileAndLeavesNoTemporaryFile()
    {
        var path = folder.File("spec.json");
        AtomicFile.WriteAllText(path, "{\"width\": 64, \"name\": \"é\"}");

        Assert.Equal("{\"width\": 64, \"name\": \"é\"}", File.ReadAllText(path));
        Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]);  // no byte-order mark
        Assert.Equal(["spec.json"], FilesInFolder);
    }

    [Fact]
    public void ReplacesTheOldContentWhole()
    {
        var path = folder.File("plot.png");
        File.WriteAllBytes(path, new byte[10_000]);
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["plot.png"], FilesInFolder);
    }

    [Fact]
    public void WhileAWriteIsUnderWayTheTargetHoldsTheOldContent()
    {
        var path = folder.File("metrics.csv");
        File.WriteAllText(path, "old");
        string? seenMidway = null;

        AtomicFile.WriteText(path, writer =>
        {
            writer.Write("new, part one;");
            writer.Flush();
            seenMidway = File.ReadAllText(path);
            writer.Write(" part two");
        });

        Assert.Equal("old", seenMidway);
        Assert.Equal("new, part one; part two", File.ReadAllText(path));
    }

    [Fact]
    public void AWriteThatFailsHalfwayLeavesTheOldContentAndNoTemporaryFile()
    {
        var path = folder.File("metrics.csv");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("half of the new"));
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["metrics.csv"], FilesInFolder);
    }

    [Fact]
    public void AMissingFolderIsReportedAsSuch()
    {
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(folder.File("missing/spec.json"), "{}"));
    }
}

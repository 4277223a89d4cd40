using NetGeometry.Experiments;

namespace NetGeometry.Tests.Experiments;

public class ErrorLogTests
{
    private static Exception Thrown()
    {
        try
        {
            try { throw new InvalidOperationException("inner cause"); }
            catch (Exception e) { throw new ApplicationException("outer failure", e); }
        }
        catch (Exception e) { return e; }
    }

    [Fact]
    public void KeepsTheTypesMessagesInnerExceptionAndStackTraceTheOneLineMessageOmits()
    {
        using var folder = new TempFolder();
        var path = ErrorLog.Write(folder.Path, Thrown());
        Assert.Equal(folder.File(ErrorLog.FileName), path);
        var text = File.ReadAllText(path!);
        Assert.Contains("System.ApplicationException: outer failure", text);
        Assert.Contains("System.InvalidOperationException: inner cause", text);
        Assert.Contains($"at {typeof(ErrorLogTests).FullName}.{nameof(Thrown)}", text);
    }

    [Fact]
    public void WritesNothingWhereTheFolderIsMissing()
    {
        using var folder = new TempFolder();
        var missing = folder.File("never-made");
        Assert.Null(ErrorLog.Write(missing, Thrown()));
        Assert.False(Directory.Exists(missing));
    }
}

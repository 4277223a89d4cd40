namespace NetGeometry.Tests;

/// <summary>Where the repository the tests were built from lies: the folder holding NetGeometry.sln above the test assembly.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (System.IO.File.Exists(Path.Combine(folder.FullName, "NetGeometry.sln"))) return folder.FullName;
            throw new DirectoryNotFoundException("the repository root (NetGeometry.sln) is not above the test assembly.");
        }
    }

    /// <summary>A path in the repository, from its '/'-separated relative form.</summary>
    public static string File(string relative) => Path.Combine(Root, relative);
}

using System.Diagnostics;

namespace NetGeometry.Tests.Packaging;

/// <summary>
/// The core's public surface is pinned and documented by its build (issue 16): a copy of src/NetGeometry, built with
/// the repository's settings, where one public type is documented but missing from PublicAPI.Unshipped.txt, one is
/// listed nowhere and documented nowhere, and the file lists a symbol that does not exist, fails with each error.
/// </summary>
[Collection(ConsumerPackageCollection.Name)]
public sealed class PublicSurfaceTests
{
    private const string Probes = """
        namespace NetGeometry;

        /// <summary>Documented, but not in PublicAPI.Unshipped.txt.</summary>
        public static class UnlistedProbe
        {
            /// <summary>One.</summary>
            public static int One => 1;
        }

        public static class UndocumentedProbe;
        """;

    [Fact]
    public void APublicChangeOrAMissingDocCommentFailsTheCoresBuild()
    {
        string repository = RepositoryPaths.Root;
        string copy = Path.Combine(Path.GetTempPath(), "netgeo-surface-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                Copy(Path.Combine(repository, file), Path.Combine(copy, file));
            foreach (string folder in new[] { "build", "src/NetGeometry" })
                foreach (string file in Directory.EnumerateFiles(Path.Combine(repository, folder), "*", SearchOption.AllDirectories))
                {
                    string relative = Path.GetRelativePath(repository, file);
                    if (!relative.Contains("/bin/") && !relative.Contains("/obj/")) Copy(file, Path.Combine(copy, relative));
                }
            File.WriteAllText(Path.Combine(copy, "src/NetGeometry/SurfaceProbes.cs"), Probes);
            File.AppendAllText(Path.Combine(copy, "src/NetGeometry/PublicAPI.Unshipped.txt"), "static NetGeometry.GoneProbe.Away() -> void\n");

            var (exitCode, output) = Build(Path.Combine(copy, "src/NetGeometry"), TimeSpan.FromMinutes(5));
            Assert.True(exitCode != 0, output);
            Assert.Matches(@"error RS0016: Symbol 'NetGeometry\.UnlistedProbe' is not part of the declared public API", output);
            Assert.Matches(@"error CS1591: Missing XML comment for publicly visible type or member 'UndocumentedProbe'", output);
            Assert.Matches(@"error RS0017: Symbol 'static NetGeometry\.GoneProbe\.Away\(\) -> void' is part of the declared API", output);
            Assert.DoesNotMatch(@"error CS1591: [^\n]*'UnlistedProbe", output);
        }
        finally
        {
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    private static (int ExitCode, string Output) Build(string project, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string name in start.Environment.Keys.ToList())
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        foreach (string argument in new[] { "build", "-c", "Release", "-nologo", "-v", "q" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet build of {project} took longer than {timeout}.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

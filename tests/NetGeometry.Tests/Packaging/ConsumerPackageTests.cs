using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NetGeometry.Tests.Packaging;

/// <summary>Runs alone, after the parallel tests: packing, building and publishing use every core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsumerPackageCollection
{
    public const string Name = "consumer package";
}

/// <summary>
/// packaging/consumer-check.sh, as CI runs it: packs NetGeometry and NetGeometry.Lab (the assemblies the test run was
/// built from) into a local feed, and builds, runs, publishes and runs again an application outside the solution that
/// references the NetGeometry package and libtorch-cpu-linux-x64 from that feed. Asserts the script's exit status, the
/// numbers the application printed (the library's empirical NTK against the closed form), what the packages hold and
/// depend on, and, where the system's libstdc++ lacks TorchSharp's GLIBCXX_3.4.32 (Debian 12), that the package's
/// buildTransitive step patched the application's copy of libLibTorchSharp.so after build and after publish.
/// </summary>
[Collection(ConsumerPackageCollection.Name)]
public sealed class ConsumerPackageTests
{
    [Fact]
    public void PackedLibraryBuildsRunsAndPublishesInAnApplicationOutsideTheSolution()
    {
        var (repository, configuration, framework) = Layout();
        string work = Path.Combine(Path.GetTempPath(), "netgeo-consumer-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, log) = RunScript(repository, configuration, work, TimeSpan.FromMinutes(8));
            Assert.True(exitCode == 0, $"consumer-check.sh exited {exitCode}:\n{Tail(log)}");
            string version = Regex.Match(log, @"^version: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
            Assert.Matches(@"^0\.1\.0-consumer\.\d{14}\.\d+$", version);
            Assert.Contains($"restored: NetGeometry {version} from {work}/feed", log);

            // Both runs (build output, published app) print every entry of the upper triangle of the 6 x 6 NTK.
            var entries = Regex.Matches(log, @"^theta\[(\d),(\d)\] empirical (\S+) closed form (\S+)$", RegexOptions.Multiline);
            Assert.Equal(2 * 21, entries.Count);
            foreach (Match entry in entries)
            {
                double empirical = double.Parse(entry.Groups[3].Value, CultureInfo.InvariantCulture);
                double closedForm = double.Parse(entry.Groups[4].Value, CultureInfo.InvariantCulture);
                // Theta(x, x) = 1 + sum of squares + ...: at least the output bias's 1 on the diagonal.
                if (entry.Groups[1].Value == entry.Groups[2].Value) Assert.True(closedForm > 1, entry.Value);
                Assert.True(Math.Abs(empirical - closedForm) <= 1e-10 * Math.Max(1, Math.Abs(closedForm)), entry.Value);
            }
            Assert.Equal(2, Regex.Matches(log, @"^ok consumer$", RegexOptions.Multiline).Count);
            Assert.DoesNotContain("FAILED", log);
            Assert.Contains($"consumer check passed: NetGeometry {version}", log);

            if (SystemLibStdCxxLacks("GLIBCXX_3.4.32"))
            {
                // Fresh copies from the NuGet cache, patched by the package's buildTransitive step: once in bin/, once in publish/.
                Assert.True(Regex.Matches(log, @"WeakenGlibcxxNeeds: libLibTorchSharp\.so: marked weak GLIBCXX_3\.4\.32").Count >= 2,
                    $"the package's libstdc++ step did not run after build and publish:\n{Tail(log)}");
            }

            string feed = Path.Combine(work, "feed");
            using (var core = ZipFile.OpenRead(Path.Combine(feed, $"NetGeometry.{version}.nupkg")))
            {
                var nuspec = ReadNuspec(core, "NetGeometry.nuspec");
                Assert.Equal(new[] { "MathNet.Numerics", "TorchSharp" }, Dependencies(nuspec, framework).Keys.Order());
                AssertMetadata(nuspec);
                AssertHolds(core, $"lib/{framework}/NetGeometry.dll", $"lib/{framework}/NetGeometry.xml", "README.md");
                // The fix ships as the very files the repository's own projects import.
                Assert.Equal(File.ReadAllText(Path.Combine(repository, "build/TorchNative.targets")), Text(core, "buildTransitive/NetGeometry.targets"));
                Assert.Equal(File.ReadAllText(Path.Combine(repository, "build/WeakenGlibcxxNeeds.cs")), Text(core, "buildTransitive/WeakenGlibcxxNeeds.cs"));
                Assert.Contains("<member name=\"T:NetGeometry.Kernels.EmpiricalNtk\">", Text(core, $"lib/{framework}/NetGeometry.xml"));
            }
            using (var lab = ZipFile.OpenRead(Path.Combine(feed, $"NetGeometry.Lab.{version}.nupkg")))
            {
                var nuspec = ReadNuspec(lab, "NetGeometry.Lab.nuspec");
                var dependencies = Dependencies(nuspec, framework);
                Assert.Equal(new[] { "CsvHelper", "Microsoft.Data.Sqlite", "NetGeometry", "ScottPlot", "TorchSharp.PyBridge" }, dependencies.Keys.Order());
                Assert.Equal(version, dependencies["NetGeometry"]);
                AssertMetadata(nuspec);
                AssertHolds(lab, $"lib/{framework}/NetGeometry.Lab.dll", $"lib/{framework}/NetGeometry.Lab.xml", "README.md");
                Assert.DoesNotContain(lab.Entries, e => e.FullName.StartsWith("buildTransitive/", StringComparison.Ordinal));
            }
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static void AssertMetadata(XElement nuspec)
    {
        var ns = nuspec.Name.Namespace;
        var metadata = nuspec.Element(ns + "metadata")!;
        string Field(string name) => metadata.Element(ns + name)?.Value ?? "";
        Assert.True(Field("description").Length > 100, Field("description"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains("ntk", Field("tags").Split(' '));
        Assert.Equal("The NetGeometry authors", Field("authors"));
    }

    private static void AssertHolds(ZipArchive package, params string[] entries)
    {
        foreach (string entry in entries)
            Assert.True(package.GetEntry(entry) is { Length: > 0 }, $"the package holds no {entry}");
    }

    private static XElement ReadNuspec(ZipArchive package, string name) => XElement.Parse(Text(package, name));

    private static string Text(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The package's dependencies for the framework (id -> the lowest version it accepts).</summary>
    private static Dictionary<string, string> Dependencies(XElement nuspec, string framework)
    {
        var ns = nuspec.Name.Namespace;
        var group = Assert.Single(nuspec.Descendants(ns + "group"));
        Assert.Equal(framework, group.Attribute("targetFramework")!.Value);
        return group.Elements(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
    }

    private static bool SystemLibStdCxxLacks(string version)
    {
        string? library = new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        if (library is null) return false;
        byte[] bytes = File.ReadAllBytes(library), needle = Encoding.ASCII.GetBytes(version + "\0");
        return bytes.AsSpan().IndexOf(needle) < 0;
    }

    /// <summary>Runs the script with its output in a file (lingering build processes cannot hold a file open the way
    /// they hold a pipe), in a clean MSBuild environment (not the one `dotnet test` set for this process).</summary>
    private static (int ExitCode, string Log) RunScript(string repository, string configuration, string work, TimeSpan timeout)
    {
        Directory.CreateDirectory(work);
        string log = Path.Combine(work, "..", Path.GetFileName(work) + ".log");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = repository, UseShellExecute = false };
        foreach (string name in start.Environment.Keys.ToList())
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("bash packaging/consumer-check.sh -c \"$1\" --no-build --work \"$2\" > \"$3\" 2>&1");
        start.ArgumentList.Add("consumer-check");
        start.ArgumentList.Add(configuration);
        start.ArgumentList.Add(work);
        start.ArgumentList.Add(log);
        try
        {
            using var process = Process.Start(start)!;
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"consumer-check.sh did not finish in {timeout.TotalMinutes} minutes:\n{Tail(File.ReadAllText(log))}");
            }
            return (process.ExitCode, File.ReadAllText(log));
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>The repository root, and the configuration and framework this test assembly was built in.</summary>
    private static (string Repository, string Configuration, string Framework) Layout()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var folder = framework; folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "NetGeometry.sln")))
                return (folder.FullName, framework.Parent!.Name, framework.Name);
        throw new DirectoryNotFoundException("the repository root (NetGeometry.sln) is not above the test assembly.");
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : text[^6000..];
}

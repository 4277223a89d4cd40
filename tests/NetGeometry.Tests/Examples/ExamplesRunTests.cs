using NetGeometry.Tests.Cli;

namespace NetGeometry.Tests.Examples;

/// <summary>
/// Runs each program of examples/ (built with the tests: the test project references them without their assemblies)
/// as a user would, `dotnet examples/Name/bin/Configuration/tfm/Name.dll`, and asserts that it exits 0 after printing
/// its "ok name" line: every example checks its result against a dense computation and exits 1 when a check fails.
/// </summary>
public sealed class ExamplesRunTests
{
    [Theory]
    [InlineData("ModuleNtk", "module-ntk")]
    [InlineData("CurvatureSpectrum", "curvature-spectrum")]
    [InlineData("TorchScriptHessian", "torchscript-hessian")]
    [InlineData("StateDictLoss", "state-dict-loss")]
    public void ExampleRunsAndItsChecksHold(string project, string name)
    {
        var result = Netgeo.RunAssembly(BuiltExample(project), Path.GetTempPath(), TimeSpan.FromMinutes(5), new Dictionary<string, string>());
        Assert.True(result.ExitCode == 0, $"{project} exited {result.ExitCode}:\n{result.Stdout}\n{Tail(result.Stderr)}");
        Assert.Contains($"ok {name}", result.StdoutLines.Select(l => l.TrimEnd()));
        Assert.DoesNotContain(result.StdoutLines, l => l.Contains("FAIL", StringComparison.Ordinal));
    }

    /// <summary>The example's dll, built in the configuration and framework the tests were built in.</summary>
    private static string BuiltExample(string project)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = framework.Parent!.Name;
        for (var folder = framework; folder is not null; folder = folder.Parent)
        {
            if (!File.Exists(Path.Combine(folder.FullName, "NetGeometry.sln"))) continue;
            string dll = Path.Combine(folder.FullName, "examples", project, "bin", configuration, framework.Name, project + ".dll");
            Assert.True(File.Exists(dll), $"{dll} is not built: dotnet build NetGeometry.sln -c {configuration}.");
            return dll;
        }
        throw new DirectoryNotFoundException("the repository root (NetGeometry.sln) is not above the test assembly.");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}

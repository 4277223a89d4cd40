namespace NetGeometry.Tests;

/// <summary>The one script that installs the test dependencies (build/install-deps.sh, run by test.sh and CI).</summary>
public sealed class BuildScriptTests
{
    [Fact]
    public void InstallDepsInstallsChromiumOnlyWhenItIsMissing()
    {
        var script = File.ReadAllText(RepositoryPaths.File("build/install-deps.sh"));
        Assert.Contains("[ -x /usr/bin/chromium ] || missing+=(chromium)", script);
        Assert.Contains("dataset-fashion-mnist", script);
        // The check is cheap: apt-get runs only when something is missing.
        Assert.True(script.IndexOf("[ ${#missing[@]} -eq 0 ] && exit 0", StringComparison.Ordinal) < script.IndexOf("apt-get update", StringComparison.Ordinal));
        Assert.True(File.Exists("/usr/bin/chromium"), "chromium is installed (the browser tests need it)");
    }
}

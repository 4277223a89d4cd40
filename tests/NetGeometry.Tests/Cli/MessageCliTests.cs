using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// The fuzz findings of issue 14 about messages: bad input gets one line on stderr that names the right thing (the
/// option as typed, the full command, a number in words rather than a .NET type), exit status 2, and leaves nothing
/// on disk; a diverged run says why on stderr, not on stdout.
/// </summary>
public class MessageCliTests
{
    /// <summary>Runs netgeo in a fresh folder and checks the bad-input contract; returns the one line.</summary>
    private static string RefusedLine(params string[] args)
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, TimeSpan.FromMinutes(1), args);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.StartsWith("netgeo: ", line);
        Assert.Empty(r.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
        return line;
    }

    [Fact]
    public void DataOptionsAreNamedAsTyped()
    {
        var line = RefusedLine("train", "--csv", "x.csv", "--train", "4");
        Assert.Contains("--csv applies to --data csv only", line);
        Assert.DoesNotContain("--source", line);
    }

    [Fact]
    public void ASpecFieldTheLibraryNamesIsSaidAsTheOptionThatSetIt()
    {
        // The same mistakes NetworkSpecMessageTests makes from C#, where the message names network.widths and network.model.
        string[] sphere = ["--data", "sphere", "--train", "4", "--dim", "3", "--steps", "1"];
        Assert.Equal("netgeo: --widths: give at least one width.", RefusedLine(["train", "--widths", "", .. sphere]));
        Assert.Equal("netgeo: --depth 3 needs one width or 2 widths, got 3.", RefusedLine(["train", "--widths", "4,4,4", "--depth", "3", .. sphere]));
    }

    [Fact]
    public void CrossEntropyOnRegressionDataIsRefusedBeforeANetworkIsBuilt()
    {
        // Once an internal error: the network was built with 0 outputs (the class count of data without classes).
        Assert.Equal("netgeo: --loss cross-entropy needs class labels; these data are a regression set (use --loss square).",
            RefusedLine("train", "--data", "sphere", "--dim", "3", "--train", "4", "--loss", "cross-entropy"));
    }

    [Fact]
    public void AMalformedCsvFileIsOneLineNamingTheLineOfTheRow()
    {
        using var data = new TempFolder();
        var csv = Path.Combine(data.Path, "rows.csv");
        File.WriteAllText(csv, "a,b,y\n1,2,0.5\n3,\"4\"x,1.5\n");
        var line = RefusedLine("train", "--data", "csv", "--csv", csv, "--steps", "1");
        Assert.Contains("rows.csv: line 3: text after the closing quote of a field", line);
    }

    [Theory]
    [InlineData("bench", "hvp")]
    [InlineData("bench", "ntk")]
    [InlineData("bench", "du")]
    [InlineData("bench", "block")]
    public void ANestedCommandIsNamedInFull(string parent, string work)
    {
        var line = RefusedLine(parent, work, "--bogus", "1");
        Assert.Contains($"'netgeo {parent} {work}' has no option '--bogus'", line);
        Assert.EndsWith($"(see 'netgeo {parent} {work} --help')", line);
    }

    [Theory]
    [InlineData("--lr", "inf", "a number", "train")]
    [InlineData("--steps", "1e10", "a whole number no larger than 2147483647", "train")]
    [InlineData("--threads", "1.5", "a whole number", "train")]
    [InlineData("--seed", "abc", "a whole number", "train")]
    [InlineData("--step", "x", "a whole number", "ntk")]
    [InlineData("--sopt-fraction", "half", "a number", "train")]
    [InlineData("--tol", "tiny", "a number", "bench", "hvp")]
    [InlineData("--width", "wide", "a whole number", "spectrum")]
    public void ANumberThatDoesNotReadIsDescribedInWords(string option, string value, string expected, params string[] command)
    {
        var line = RefusedLine([.. command, option, value]);
        Assert.Contains($"{option} takes {expected}", line);
        Assert.Contains($"got '{value}'", line);
        Assert.DoesNotContain("System.", line);
    }

    [Theory]
    [InlineData("'foo' is not a command of 'netgeo bench'; use one of: ntk, hvp, ggn, du, block", "bench", "foo")]
    [InlineData("'netgeo bench' needs a command: ntk, hvp, ggn, du, block", "bench")]
    [InlineData("'foo' is not a command of 'netgeo'; use one of: train, run", "foo")]
    [InlineData("'netgeo reproduce' has no option '--profile'", "reproduce", "--profile", "quick")]
    [InlineData("'netgeo energy' has no option '--bogus'", "energy", "--bogus")]
    [InlineData("'netgeo complexity' has no option '--seed'", "complexity", "runs/x", "--seed", "3")]
    [InlineData("'netgeo report' needs <folder>", "report")]
    public void AnUnknownOrMissingCommandNamesWhatExists(string expected, params string[] args)
    {
        var line = RefusedLine(args);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("Required command was not provided", line);
    }

    [Theory]
    [InlineData("RX(1e400) 0", "the angle '1e400' is not a finite number")]
    [InlineData("RZ(pi/0) 0", "the angle 'pi/0' is not a finite number")]
    public void AnAngleThatIsNotFiniteIsCalledThat(string gates, string expected)
    {
        var line = RefusedLine("circuit", "--gates", gates);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("unitary", line);
    }

    [Fact]
    public void AMatrixEntryThatIsNotFiniteIsCalledThat()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("target.txt"), "1e400 0\n0 1\n");
        var line = RefusedLine("circuit", "--matrix", dir.File("target.txt"));
        Assert.Contains("row 1: '1e400' is not a finite number", line);
    }

    [Theory]
    [InlineData("--n applies with --empirical", "spectrum", "--n", "50")]
    [InlineData("--seed applies with --empirical", "spectrum", "--seed", "4", "--json")]
    public void SpectrumRefusesSamplingOptionsWithoutSampling(string expected, params string[] args) =>
        Assert.Contains(expected, RefusedLine(args));

    [Theory]
    [InlineData("--momentum applies only with --optimizer momentum or --opt ogd", "--optimizer", "adam", "--momentum", "0.5")]
    [InlineData("--opt-lr applies only with --opt ogd", "--opt", "cp", "--opt-lr", "0.1")]
    [InlineData("--or-penalty applies only with --opt or", "--or-penalty", "3")]
    [InlineData("--sopt-episode applies only with --sopt-fraction", "--opt", "gs", "--sopt-episode", "3")]
    [InlineData("--teacher-width applies only with --labels teacher", "--teacher-width", "7")]
    public void TrainRefusesAnOptionItWouldNotUse(string expected, params string[] options) =>
        Assert.Contains(expected, RefusedLine(["train", "--data", "sphere", "--train", "4", "--widths", "2", "--steps", "1", .. options]));

    [Theory]
    [InlineData("is a folder; give the path of a JSON spec file", true)]
    [InlineData("no spec file", false)]
    public void ASpecPathThatIsNoFileSaysSoWithoutAnExceptionText(string expected, bool folder)
    {
        using var dir = new TempFolder();
        var line = RefusedLine("run", folder ? dir.Path : dir.File("missing.json"));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("denied", line);
        Assert.DoesNotContain("Could not find", line);
    }

    [Fact]
    public void NtkFromARunRefusesTheNetworkDataAndSeedOptionsItWouldIgnore()
    {
        using var dir = new TempFolder();
        var trained = Netgeo.Run(dir.Path, "train", "--data", "sphere", "--train", "6", "--dim", "3", "--widths", "4", "--steps", "2", "--json");
        Assert.Equal(0, trained.ExitCode);
        var run = JsonDocument.Parse(trained.StdoutLines[0]).RootElement.GetProperty("run_dir").GetString()!;
        string[] before = Directory.GetDirectories(Path.Combine(dir.Path, "runs"));

        var r = Netgeo.Run(dir.Path, "ntk", "--from-run", run, "--model", "cnn", "--dim", "5", "--seed", "2", "--examples", "4");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.Contains("--from-run takes the network, data and seed from the run's spec.json, so --model, --dim, --seed cannot be given with it", line);
        Assert.Empty(r.Stdout);
        Assert.Equal(before, Directory.GetDirectories(Path.Combine(dir.Path, "runs")));

        var fine = Netgeo.Run(dir.Path, "ntk", "--from-run", run, "--examples", "4", "--json");
        Assert.Equal(0, fine.ExitCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ADivergedRunSaysWhyOnStderrAndKeepsStdoutForResults(bool json)
    {
        using var dir = new TempFolder();
        string[] args = ["train", "--data", "sphere", "--train", "4", "--dim", "2", "--widths", "4", "--optimizer", "gd", "--lr", "1e30", "--steps", "100"];
        var r = Netgeo.Run(dir.Path, json ? [.. args, "--json"] : args);
        Assert.Equal(1, r.ExitCode);
        // Besides the plain progress lines a slow machine prints every few seconds, one line says why.
        var line = Assert.Single(r.StderrLines, l => !l.StartsWith("train mlp: step "));
        Assert.StartsWith("netgeo: run diverged: ", line);
        Assert.Contains("lower the learning rate", line);
        if (json) Assert.Equal("diverged", JsonDocument.Parse(Assert.Single(r.StdoutLines)).RootElement.GetProperty("status").GetString());
        else Assert.DoesNotContain("lower the learning rate", r.Stdout);
    }
}

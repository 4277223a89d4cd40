using System.Diagnostics;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Tests.Experiments;
using NetGeometry.Training;

namespace NetGeometry.Tests.Cli;

/// <summary>A real netgeo train killed with SIGKILL: its store says running while it runs and interrupted after.</summary>
public sealed class InterruptedRunTests
{
    [Fact]
    public async Task ATrainingKilledMidwayReadsAsInterruptedNotRunning()
    {
        using var root = new TempFolder();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "netgeo.dll"), "train", "--model", "mlp", "--widths", "4", "--data", "sphere",
            "--train", "8", "--dim", "2", "--steps", "2000000000", "--probe-schedule", "every:1000", "--name", "killed", "--threads", "1" })
            start.ArgumentList.Add(a);
        string folder;
        using (var train = Process.Start(start)!)
        {
            _ = train.StandardOutput.ReadToEndAsync();
            _ = train.StandardError.ReadToEndAsync();
            folder = await WaitForRun(root.Path, train);
            Assert.Equal(RunStatus.Running, Status(folder));

            train.Kill();  // SIGKILL: nothing in the process runs after it
            await train.WaitForExitAsync();
        }

        Assert.Equal(RunStatus.Interrupted, Status(folder));
        var report = Netgeo.Run(root.Path, "report", folder);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains("interrupted; started", File.ReadAllText(Path.Combine(folder, "report.html")));
        Assert.Contains("interrupted", File.ReadAllText(Path.Combine(root.Path, "runs", "index.html")));
    }

    /// <summary>The run's folder once its store lists the run (the process has begun training).</summary>
    private static async Task<string> WaitForRun(string root, Process train)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(200))
        {
            Assert.False(train.HasExited, "netgeo train ended before it was killed");
            var folder = Directory.Exists(Path.Combine(root, "runs")) ? Directory.GetDirectories(Path.Combine(root, "runs"), "killed-*").SingleOrDefault() : null;
            if (folder is not null && File.Exists(Path.Combine(folder, RunDirectory.StoreFile)))
            {
                try
                {
                    if (Status(folder) is RunStatus.Running) return folder;
                }
                catch (InputException)
                {
                    // the store is being made: its tables are not there yet
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("netgeo train began no run in 60 s");
    }

    /// <summary>The status of the folder's run (null while the store holds none yet).</summary>
    private static RunStatus? Status(string folder)
    {
        using var store = ResultsStore.OpenExisting(Path.Combine(folder, RunDirectory.StoreFile));
        return store.Runs().SingleOrDefault()?.Status;
    }
}

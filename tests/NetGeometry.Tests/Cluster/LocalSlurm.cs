using System.Diagnostics;

namespace NetGeometry.Tests.Cluster;

/// <summary>The one-node Slurm of build/slurm-local.sh, and the Slurm commands the tests call.</summary>
internal static class LocalSlurm
{
    /// <summary>Installs Slurm if need be and starts it (idempotent); fails the test with the script's output if it cannot.</summary>
    public static void Start()
    {
        var (code, output) = Command("bash", TimeSpan.FromMinutes(10), RepositoryPaths.File("build/slurm-local.sh"));
        Assert.True(code == 0, $"build/slurm-local.sh exited {code}:\n{output}");
    }

    /// <summary>Waits until no task of the job is pending or running.</summary>
    public static void WaitFor(string jobId, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var (code, output) = Command("squeue", TimeSpan.FromSeconds(30), "-h", "-j", jobId, "-o", "%i %T");
            if (code == 0 && output.Trim().Length == 0) return;
            Thread.Sleep(500);
        }
        throw new TimeoutException($"Slurm job {jobId} still had tasks after {timeout}: {Command("squeue", TimeSpan.FromSeconds(30)).Output}");
    }

    /// <summary>The state Slurm's controller keeps for one task of an array (COMPLETED, CANCELLED, ...).</summary>
    public static string TaskState(string jobId, int index)
    {
        var (_, output) = Command("scontrol", TimeSpan.FromSeconds(30), "show", "job", $"{jobId}_{index}");
        var state = output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w.StartsWith("JobState=", StringComparison.Ordinal));
        return state?["JobState=".Length..] ?? $"unknown ({output.Trim()})";
    }

    public static (int Code, string Output) Command(string program, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end in {timeout}.");
        }
        return (process.ExitCode, output.Result + errors.Result);
    }
}

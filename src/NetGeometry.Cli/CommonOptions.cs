using System.CommandLine;
using NetGeometry.Engine;

namespace NetGeometry.Cli;

/// <summary>Options every computing command shares: seed, threads, device, output root, JSON output.</summary>
public sealed class CommonOptions
{
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed for every random draw (same seed, same results).", DefaultValueFactory = _ => 0 };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch threads (default: the machine's core count)." };
    public Option<string> Device { get; } = new("--device") { Description = "cpu (tested) or cuda (needs the libtorch-cuda package; untested here).", DefaultValueFactory = _ => "cpu" };
    public Option<string> Out { get; } = new("--out") { Description = "Directory under which runs/<name>-<UTC time>/ is written.", DefaultValueFactory = _ => "." };
    public Option<bool> Json { get; } = new("--json") { Description = "Print results as JSON objects, one per line, on stdout (progress stays on stderr)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Seed, Threads, Device, Out, Json }) command.Options.Add(option);
    }

    /// <summary>The --out folder, absolute, once it is known to be writable (<see cref="Experiments.OutputRoot"/>); call it before any work.</summary>
    public string WritableOut(ParseResult parsed) => Experiments.OutputRoot.RequireWritable(parsed.GetValue(Out)!);

    /// <summary>
    /// Applies the thread count and device to libtorch. With <paramref name="jobs"/> runs at once and no --threads,
    /// each run gets an equal share of the cores.
    /// </summary>
    public void ConfigureTorch(ParseResult parsed, int jobs = 1)
    {
        var device = parsed.GetValue(Device)!.ToLowerInvariant() switch
        {
            "cpu" => ComputeDevice.Cpu,
            "cuda" => ComputeDevice.Cuda,
            var other => throw new InputException($"--device must be cpu or cuda, got '{other}'."),
        };
        TorchRuntime.Configure(parsed.GetValue(Threads) ?? (jobs > 1 ? Math.Max(1, Environment.ProcessorCount / jobs) : null), device);
    }
}

using System.CommandLine;
using NetGeometry.Engine;

namespace NetGeometry.Cli;

/// <summary>Options every computing command shares: seed, threads, memory budget, device, output root, JSON output.</summary>
public sealed class CommonOptions
{
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed for every random draw (same seed, same results).", DefaultValueFactory = _ => 0 };
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch threads (default: the machine's core count)." };
    public Option<double?> MaxMemory { get; } = new("--max-memory")
    {
        Description = "The most memory one request may take, e.g. 8G, 512M or a number of bytes (decimal units; default: the memory the " +
            "machine has available); larger kernels, networks, datasets and Lanczos bases are refused before any work starts.",
        CustomParser = result => OptionParsing.ByteSize(result),
    };
    public Option<string> Device { get; } = new("--device") { Description = "cpu (tested) or cuda (needs the libtorch-cuda package; untested here).", DefaultValueFactory = _ => "cpu" };
    public Option<string> Out { get; } = new("--out") { Description = "Directory under which runs/<name>-<UTC time>/ is written.", DefaultValueFactory = _ => "." };
    public Option<bool> Json { get; } = new("--json") { Description = "Print results as JSON objects, one per line, on stdout (progress stays on stderr)." };

    /// <summary>Adds the options; <paramref name="withSeed"/> false leaves out --seed (commands that draw nothing at
    /// random, so that a seed given to them is refused instead of ignored).</summary>
    public void AddTo(Command command, bool withSeed = true)
    {
        foreach (var option in new Option[] { Seed, Threads, MaxMemory, Device, Out, Json })
            if (withSeed || option != Seed) command.Options.Add(option);
    }

    /// <summary>The --out folder, absolute, once it is known to be writable (<see cref="Experiments.OutputRoot"/>); call it before any work.</summary>
    public string WritableOut(ParseResult parsed) => Experiments.OutputRoot.RequireWritable(parsed.GetValue(Out)!);

    /// <summary>
    /// Applies the thread count and device to libtorch, and the memory budget. With <paramref name="jobs"/> runs at once and no --threads,
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
        MemoryBudget.Configure(parsed.GetValue(MaxMemory));
        TorchRuntime.Configure(parsed.GetValue(Threads) ?? (jobs > 1 ? Math.Max(1, Environment.ProcessorCount / jobs) : null), device);
    }
}

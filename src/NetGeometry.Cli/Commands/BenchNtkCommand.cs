using System.CommandLine;
using NetGeometry.Benchmarks;
using NetGeometry.Kernels;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>netgeo bench ntk: times the empirical NTK of a bias-free ReLU MLP on random inputs (see <see cref="NtkBenchmark"/>).</summary>
public static class BenchNtkCommand
{
    public static Command Create()
    {
        var command = new Command("ntk",
            "Time the empirical NTK (traced, float64) of a bias-free ReLU MLP d -> width -> ... -> 1 in NTK parameterization on n " +
            "random inputs: median seconds over --reps runs after a warm-up, the FLOPs the method needs, and the GEMM rate " +
            "measured in the same process.\n\nExample:\n  netgeo bench ntk --n 1000 --d 784 --width 512 --depth 3 --method structured --threads 2 --json");
        var n = Options.Create<int>("--n", "Number of inputs.", 1000);
        var d = Options.Create<int>("--d", "Input dimension.", 784);
        var width = Options.Create<int>("--width", "Hidden width.", 512);
        var depth = Options.Create<int>("--depth", "Weight layers (3 is d-width-width-1).", 3);
        var method = Options.Create<string>("--method", "structured, jacobian or auto.", "structured");
        var reps = Options.Create<int>("--reps", "Timed runs after the warm-up (the median is reported).", 5);
        var common = new CommonOptions();
        foreach (var o in new Option[] { n, d, width, depth, method, reps, common.Seed, common.Threads, common.MaxMemory, common.Device, common.Json })
            command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var spec = new NtkBenchmarkSpec(parsed.GetValue(n), parsed.GetValue(d), parsed.GetValue(width), parsed.GetValue(depth),
                NtkMethods.Parse(parsed.GetValue(method)!), parsed.GetValue(reps), parsed.GetValue(common.Seed));
            spec.Validate();
            var r = NtkBenchmark.Run(spec);
            var fields = new Dictionary<string, object?>
            {
                ["work"] = "ntk",
                ["method"] = NtkMethods.Name(r.Method),
                ["n"] = spec.N, ["d"] = spec.D, ["width"] = spec.Width, ["depth"] = spec.Depth,
                ["params"] = r.Parameters,
                ["threads"] = r.Threads,
                ["reps"] = spec.Reps,
                ["seconds"] = r.Seconds,
                ["flops"] = r.Flops,
                ["gflops_per_second"] = r.GflopsPerSecond,
                ["gemm_gflops_per_second"] = r.GemmGflopsPerSecond,
                ["gemm_fraction"] = r.GemmFraction,
                ["trace_K"] = r.TraceK,
                ["dtype"] = "float64",
            };
            if (parsed.GetValue(common.Json))
            {
                JsonLines.Write(fields);
                return ExitCodes.Success;
            }
            var table = new Table().Title($"[bold]NTK benchmark[/], median of {spec.Reps} runs").AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
            table.AddRow("network", $"{spec.D}-{string.Join("-", Enumerable.Repeat(spec.Width, spec.Depth - 1))}-1, {r.Parameters:N0} parameters");
            table.AddRow("method", NtkMethods.Name(r.Method));
            table.AddRow("n", spec.N.ToString("N0"));
            table.AddRow("seconds", r.Seconds.ToString("G4"));
            table.AddRow("GFLOP", (r.Flops / 1e9).ToString("G4"));
            table.AddRow("GFLOP/s", r.GflopsPerSecond.ToString("G4"));
            table.AddRow($"GEMM GFLOP/s ({GemmRate.DefaultSize}^3, float64, {r.Threads} threads)", r.GemmGflopsPerSecond.ToString("G4"));
            table.AddRow("fraction of GEMM rate", r.GemmFraction.ToString("P0"));
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}

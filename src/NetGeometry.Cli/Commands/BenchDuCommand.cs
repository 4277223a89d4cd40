using System.CommandLine;
using NetGeometry.Benchmarks;

namespace NetGeometry.Cli.Commands;

/// <summary>netgeo bench du: times Du et al.'s full-batch gradient descent (see <see cref="DuBenchmark"/>).</summary>
public static class BenchDuCommand
{
    public static Command Create()
    {
        var command = new Command("du",
            "Time --steps steps of full-batch gradient descent on Du et al.'s two-layer ReLU network (W trained, a fixed, " +
            "closed-form gradient, float64) on n points of the unit sphere with N(0, 1) targets and the loss 1/2 sum (f - y)^2 " +
            "(the PyTorch peer's 'du' problem): median seconds of all the steps together over --reps runs after a warm-up, and " +
            "the GEMM rate measured in the same process.\n\nExample:\n  netgeo bench du --n 1000 --d 1000 --width 2000 --steps 20 --json");
        var n = Options.Create<int>("--n", "Number of inputs.", 1000);
        var d = Options.Create<int>("--d", "Input dimension.", 1000);
        var width = Options.Create<int>("--width", "Hidden width m.", 2000);
        var steps = Options.Create<int>("--steps", "Gradient-descent steps per timed run.", 20);
        var lr = Options.Create<double>("--lr", "Step size eta for the loss 1/2 sum (f - y)^2 (the peer's default).", 0.1);
        var reps = Options.Create<int>("--reps", "Timed runs after the warm-up (the median is reported).", 3);
        var common = new CommonOptions();
        foreach (var o in new Option[] { n, d, width, steps, lr, reps, common.Seed, common.Threads, common.MaxMemory, common.Device, common.Json })
            command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var spec = new DuBenchmarkSpec(parsed.GetValue(n), parsed.GetValue(d), parsed.GetValue(width), parsed.GetValue(steps),
                parsed.GetValue(lr), parsed.GetValue(reps), parsed.GetValue(common.Seed));
            spec.Validate();
            var r = DuBenchmark.Run(spec);
            var fields = new Dictionary<string, object?>
            {
                ["work"] = "du",
                ["n"] = spec.N, ["d"] = spec.D, ["width"] = spec.Width, ["steps"] = spec.Steps, ["lr"] = spec.LearningRate,
                ["threads"] = r.Threads,
                ["reps"] = spec.Reps,
                ["seconds"] = r.Seconds,
                ["flops"] = r.Flops,
                ["gflops_per_second"] = r.GflopsPerSecond,
                ["gemm_gflops_per_second"] = r.GemmGflopsPerSecond,
                ["initial_loss"] = r.InitialLoss,
                ["final_loss"] = r.FinalLoss,
                ["dtype"] = "float64",
            };
            BenchOutput.Write(parsed.GetValue(common.Json), $"Du gradient-descent benchmark, median of {spec.Reps} runs", fields);
            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using NetGeometry.Benchmarks;
using NetGeometry.Experiments.Analyses;

namespace NetGeometry.Cli.Commands;

/// <summary>netgeo bench ggn: times closed-form Gauss-Newton products against the autograd GGN and the loss Hessian on
/// the PyTorch peer's 'hess' problem (see <see cref="GgnBenchmark"/>); bench/ggn.sh runs it beside the peer's
/// functorch GGN product and prints the ratios.</summary>
public static class BenchGgnCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Create()
    {
        var command = new Command("ggn",
            "Time Gauss-Newton-vector products G v = J^T H_L J v in closed form (linear layers' inputs and backward signals, no " +
            "double backward), by autograd, and loss-Hessian products, on the square loss of a bias-free NTK-parameterized ReLU " +
            "MLP (the problem of 'bench hvp'); one JSON line with --json.\n\n" +
            "Example:\n  netgeo bench ggn --n 1000 --d 100 --width 1024 --depth 3 --threads 2 --json");
        var n = Options.Create("--n", "Examples (rows of the random inputs).", 1000);
        var d = Options.Create("--d", "Input dimension.", 100);
        var width = Options.Create("--width", "Hidden width.", 1024);
        var depth = Options.Create("--depth", "Weight layers (depth - 1 hidden layers of --width).", 3);
        var reps = Options.Create("--reps", "Rounds of one timed product of each kind (medians reported), after three warm-up products.", 7);
        var common = new CommonOptions();
        foreach (var o in new Option[] { n, d, width, depth, reps, common.Seed, common.Threads, common.MaxMemory, common.Device, common.Json })
            command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var spec = new GgnBenchmarkSpec(parsed.GetValue(n), parsed.GetValue(d), parsed.GetValue(width), parsed.GetValue(depth),
                parsed.GetValue(reps), parsed.GetValue(common.Seed));
            spec.Validate();
            var r = GgnBenchmark.Run(spec, new Relay<string>(stage => Console.Error.WriteLine($"bench ggn: {stage} ...")));
            var fields = new Dictionary<string, object?>
            {
                ["work"] = "ggn", ["n"] = spec.N, ["d"] = spec.D, ["width"] = spec.Width, ["depth"] = spec.Depth,
                ["params"] = r.Parameters, ["threads"] = r.Threads,
                ["seconds_setup_ggn_closed_form"] = r.SetupClosedForm, ["seconds_setup_ggn_autograd"] = r.SetupAutograd,
                ["seconds_setup_hvp"] = r.SetupHessian,
                ["seconds_per_ggn_closed_form"] = r.SecondsClosedForm, ["seconds_per_ggn_autograd"] = r.SecondsAutograd,
                ["seconds_per_hvp"] = r.SecondsHessian,
                ["ratio_hvp_over_ggn_closed_form"] = r.SecondsHessian / r.SecondsClosedForm,
                ["ratio_ggn_autograd_over_closed_form"] = r.SecondsAutograd / r.SecondsClosedForm,
                ["max_relative_difference"] = r.MaxRelativeDifference,
            };
            BenchOutput.Write(parsed.GetValue(common.Json), "bench ggn", fields);
            return ExitCodes.Success;
        });
        return command;
    }
}

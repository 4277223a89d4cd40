using System.CommandLine;
using NetGeometry.Benchmarks;
using NetGeometry.Engine;
using NetGeometry.Experiments.Analyses;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>netgeo bench block: products per second of block products A V for several block sizes (see
/// <see cref="BlockBenchmark"/>); bench/block.sh runs it and prints the table.</summary>
public static class BenchBlockCommand
{
    /// <summary>The command with its options.</summary>
    public static Command Create()
    {
        var command = new Command("block",
            "Time block products A V (k vectors in one pass) of the structured NTK operator, the loss Hessian and the Gauss-Newton " +
            "matrix of a bias-free NTK-parameterized ReLU MLP d -> width -> ... -> 1 on n inputs (square loss over batches): " +
            "vectors per second for each block size and the speed-up over the first; one JSON line per operator and size with --json.\n\n" +
            "Example:\n  netgeo bench block --n 5000 --inputs fashion-mnist --blocks 1,4,16 --operators ntk,hessian,ggn --threads 2 --json");
        var n = Options.Create("--n", "Examples (inputs).", 5000);
        var d = Options.Create("--d", "Input dimension (784 for fashion-mnist).", 784);
        var width = Options.Create("--width", "Hidden width.", 512);
        var depth = Options.Create("--depth", "Weight layers (3 is d-width-width-1).", 3);
        var inputs = Options.Create("--inputs", "gaussian (x, y ~ N(0, 1)) or fashion-mnist (the first n training images, class index as target).", "gaussian");
        var batch = Options.Create("--batch-size", "Examples per batch of the loss Hessian and Gauss-Newton products.", 1000);
        var blocks = Options.Create("--blocks", "Block sizes k, comma-separated; speed-ups are over the first.", "1,4,16");
        var operators = Options.Create("--operators", "Operators, comma-separated: ntk, hessian, ggn.", "ntk,hessian,ggn");
        var reps = Options.Create("--reps", "Timed block products per size (the median is reported), after one warm-up.", 3);
        var common = new CommonOptions();
        foreach (var o in new Option[] { n, d, width, depth, inputs, batch, blocks, operators, reps, common.Seed, common.Threads, common.MaxMemory, common.Device, common.Json })
            command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            string source = parsed.GetValue(inputs)!.Trim().ToLowerInvariant();
            InputException.Require(source is "gaussian" or "fashion-mnist", $"--inputs takes gaussian or fashion-mnist, got '{source}'.");
            var chosen = (OptionParsing.NameList(parsed.GetValue(operators)) ?? []).Select(BlockBenchmark.Parse).ToList();
            var spec = new BlockBenchmarkSpec(parsed.GetValue(n), parsed.GetValue(d), parsed.GetValue(width), parsed.GetValue(depth),
                source == "fashion-mnist", parsed.GetValue(batch), OptionParsing.IntList("--blocks", parsed.GetValue(blocks)), chosen,
                parsed.GetValue(reps), parsed.GetValue(common.Seed));
            spec.Validate();
            var rows = BlockBenchmark.Run(spec, new Relay<string>(stage => Console.Error.WriteLine($"bench block: {stage} ...")));
            if (parsed.GetValue(common.Json))
            {
                foreach (var r in rows)
                    JsonLines.Write(new Dictionary<string, object?>
                    {
                        ["work"] = "block", ["operator"] = BlockBenchmark.Name(r.Work), ["inputs"] = source, ["n"] = spec.N, ["d"] = spec.D,
                        ["width"] = spec.Width, ["depth"] = spec.Depth, ["batch"] = spec.BatchSize, ["dimension"] = r.Dimension,
                        ["block"] = r.Block, ["reps"] = spec.Reps, ["threads"] = TorchRuntime.Threads, ["seconds_per_block"] = r.SecondsPerBlock,
                        ["vectors_per_second"] = r.VectorsPerSecond, ["speed_up"] = r.SpeedUp,
                    });
                return ExitCodes.Success;
            }
            var table = new Table().Title($"[bold]block products[/], {Markup.Escape(source)}, n = {spec.N}, median of {spec.Reps}")
                .AddColumn("operator").AddColumn(new TableColumn("dimension").RightAligned()).AddColumn(new TableColumn("k").RightAligned())
                .AddColumn(new TableColumn("s / block").RightAligned()).AddColumn(new TableColumn("vectors / s").RightAligned())
                .AddColumn(new TableColumn("speed-up").RightAligned());
            foreach (var r in rows)
                table.AddRow(BlockBenchmark.Name(r.Work), r.Dimension.ToString("N0"), r.Block.ToString(), r.SecondsPerBlock.ToString("G4"),
                    r.VectorsPerSecond.ToString("G4"), r.SpeedUp.ToString("F2"));
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}

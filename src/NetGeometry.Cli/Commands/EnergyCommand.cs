using System.CommandLine;
using NetGeometry.Experiments;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo energy: the hyperspherical energy of every layer of a trained network, at a checkpoint of a run
/// directory, as a table or JSON lines (with each OPT layer's orthogonality error).
/// </summary>
public static class EnergyCommand
{
    public static Command Create()
    {
        var command = new Command("energy",
            "Hyperspherical energy of every layer's neurons (dense rows, flattened conv filters, OPT layers' W = V Q^T) at a " +
            "checkpoint of a training run, averaged over pairs of neurons (or summed with --sum), with each OPT layer's " +
            "||Q Q^T - I||_F. See docs/orthogonal.md for the definitions.\n\nExamples:\n" +
            "  netgeo train --model mlp --widths 256,256 --data fashion-mnist --opt cp --checkpoints every:500\n" +
            "  netgeo energy runs/train-20250101-120000 --step 500\n" +
            "  netgeo energy runs/train-20250101-120000 --variants s0,s1,s2,s1-angular,s1-half --json");
        var run = new Argument<string>("run") { Description = "A run directory written by netgeo train (or its spec.json or results.sqlite)." };
        var step = new Option<long?>("--step") { Description = "The checkpoint step (default: the last saved; 0 works without checkpoints)." };
        var variants = new Option<string>("--variants")
        {
            Description = "Energies to compute: s<power>[-angular][-half], comma-separated (s0 is the logarithmic energy).",
            DefaultValueFactory = _ => "s0,s1,s2,s1-angular,s1-half",
        };
        var sum = new Option<bool>("--sum") { Description = "Print sums over ordered pairs i != j instead of averages over pairs." };
        var common = new CommonOptions();
        command.Arguments.Add(run);
        foreach (var o in new Option[] { step, variants, sum, common.Threads, common.MaxMemory, common.Device, common.Json }) command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var kinds = (OptionParsing.NameList(parsed.GetValue(variants)) ?? []).Select(EnergyVariant.Parse).ToList();
            Engine.InputException.Require(kinds.Count > 0, "--variants: name at least one energy, e.g. s1.");
            bool sums = parsed.GetValue(sum);
            using var checkpoint = SavedRun.At(parsed.GetValue(run)!, parsed.GetValue(step));
            var energies = NetworkEnergy.PerLayer(checkpoint.Network, kinds);
            var opt = checkpoint.Network.Layers.OfType<OptLayer>().ToDictionary(l => l.Name);
            string Key(EnergyVariant v) => sums ? v.MetricName + "_sum" : v.MetricName;
            double Value(EnergyValue e) => sums ? e.Sum : e.Mean;
            if (parsed.GetValue(common.Json))
            {
                foreach (var layer in energies)
                {
                    var fields = new Dictionary<string, object?>
                    {
                        ["run_dir"] = checkpoint.Directory, ["step"] = checkpoint.Step, ["layer"] = layer.Layer,
                        ["kind"] = Kind(checkpoint.Network.Layer(layer.Layer)), ["neurons"] = layer.Neurons, ["dim"] = layer.Dimension,
                        ["opt_method"] = opt.GetValueOrDefault(layer.Layer)?.Method.Name(),
                        ["sopt_fraction"] = opt.GetValueOrDefault(layer.Layer)?.StochasticFraction,
                    };
                    foreach (var e in layer.Values) fields[Key(e.Variant)] = Value(e);
                    fields["orthogonality_error"] = opt.GetValueOrDefault(layer.Layer)?.OrthogonalityError();
                    JsonLines.Write(fields);
                }
                return ExitCodes.Success;
            }
            var source = checkpoint.Restored ? $"checkpoint at step {checkpoint.Step}" : "initialization (step 0, from the seed)";
            var table = new Table().Title($"hyperspherical energy ({(sums ? "sum" : "mean")} over pairs), {source}")
                .AddColumns("layer", "kind", "OPT", "N", "D");
            foreach (var v in kinds) table.AddColumn(new TableColumn(v.Name).RightAligned());
            table.AddColumn(new TableColumn("QQ^T-I").RightAligned());
            foreach (var layer in energies)
            {
                var o = opt.GetValueOrDefault(layer.Layer);
                var method = o is null ? "" : o.Method.Name() + (o.StochasticFraction is { } f ? $" S{f:G3}" : "");
                var cells = new List<string> { layer.Layer, Kind(checkpoint.Network.Layer(layer.Layer)), method, layer.Neurons.ToString(), layer.Dimension.ToString() };
                cells.AddRange(layer.Values.Select(e => Value(e).ToString("G5")));
                cells.Add(o?.OrthogonalityError().ToString("0.0E+0") ?? "");
                table.AddRow(cells.Select(Markup.Escape).ToArray());
            }
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 132); // a file has no width
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(checkpoint.Directory)}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>dense or conv (OPT or not: the method and S-OPT fraction are separate).</summary>
    private static string Kind(Layer layer) => layer is ConvLayer or OptConvLayer ? "conv" : "dense";
}

using System.CommandLine;
using System.Globalization;
using NetGeometry.Engine;
using NetGeometry.Experiments.Analyses;
using NetGeometry.WeightSpectra;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo weights: Martin &amp; Mahoney's per-layer weight spectra (empirical spectral density of W^T W / N, power-law
/// alpha of its tail, Marchenko-Pastur bulk and spikes, stable rank, norms) of a run's network at a checkpoint or of a
/// TorchScript model (<see cref="WeightsAnalysis"/>); writes runs/weights-&lt;time&gt;/ (<see cref="WeightsOutput"/>).
/// </summary>
public static class WeightsCommand
{
    /// <summary>The command with its arguments and options.</summary>
    public static Command Create()
    {
        var command = new Command("weights",
            "Each layer's weight spectrum (Martin & Mahoney, WeightWatcher): the eigenvalues of W^T W / N (conv kernels reshaped out x in*kh*kw), " +
            "the power-law exponent alpha of their tail (maximum likelihood, x_min by the Kolmogorov-Smirnov distance, Clauset et al. 2009, " +
            "with a 95% interval), the Marchenko-Pastur fit of the bulk and the spikes above it, stable rank and spectral norm. Needs no data. " +
            "Writes runs/weights-<UTC time>/ with weights.csv, esd.csv and figures/esd-<layer>.png|svg. Over training: --probes weight-spectra.\n\nExamples:\n" +
            "  netgeo train --model mlp --widths 256,256 --data fashion-mnist --epochs 3 --checkpoints log:8 --probes loss,accuracy,weight-spectra\n" +
            "  netgeo weights runs/train-20250101-120000\n" +
            "  netgeo weights runs/train-20250101-120000 --step 0 --json\n" +
            "  netgeo weights --torchscript model.pt");
        var runDir = SavedRunArgument.Create();
        runDir.Arity = ArgumentArity.ZeroOrOne;
        var modelFile = new ModelFileOptions();
        var step = Options.Create<long?>("--step", "With a run directory: the checkpoint step (default: the last; 0 works without checkpoints).");
        var common = new CommonOptions();
        command.Arguments.Add(runDir);
        command.Options.Add(modelFile.TorchScript);
        command.Options.Add(step);
        common.AddTo(command, withSeed: false);

        command.SetAction(parsed =>
        {
            var file = modelFile.File(parsed);
            var run = parsed.GetValue(runDir);
            InputException.Require(file is null != run is null,
                "netgeo weights needs a run directory (netgeo weights runs/train-<time>) or --torchscript model.pt, not both.");
            InputException.Require(file is null || parsed.GetValue(step) is null, "--step picks a checkpoint of a run directory; a --torchscript file holds its own weights, so drop --step.");
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            var measured = file is null ? WeightsAnalysis.OfRun(run!, parsed.GetValue(step)) : WeightsAnalysis.OfTorchScript(file);
            var directory = WeightsOutput.Write(outRoot, measured);
            if (parsed.GetValue(common.Json)) PrintJson(measured, directory);
            else PrintTable(measured, directory);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintJson(WeightsMeasurement measured, string directory)
    {
        foreach (var l in measured.Layers)
            JsonLines.Write(new Dictionary<string, object?>
            {
                ["layer"] = l.Layer, ["step"] = measured.Step, ["rows"] = l.Rows, ["columns"] = l.Columns,
                ["alpha"] = l.PowerLaw?.Alpha, ["alpha_ci95"] = l.PowerLaw is { } p ? new[] { p.Interval.Low, p.Interval.High } : null,
                ["alpha_standard_error"] = l.PowerLaw?.StandardError, ["x_min"] = l.PowerLaw?.XMin, ["ks_distance"] = l.PowerLaw?.KsDistance,
                ["tail_count"] = l.PowerLaw?.TailCount, ["mp_aspect_ratio"] = l.MarchenkoPastur.AspectRatio, ["mp_variance"] = l.MarchenkoPastur.Variance,
                ["mp_fitted_aspect_ratio"] = l.MarchenkoPastur.FittedAspectRatio, ["mp_upper_edge"] = l.MarchenkoPastur.UpperEdge,
                ["mp_spikes"] = l.MarchenkoPastur.Spikes, ["stable_rank"] = l.StableRank, ["spectral_norm"] = l.SpectralNorm,
                ["log10_frobenius_norm"] = l.LogFrobeniusNorm, ["run_dir"] = directory,
            });
    }

    private static void PrintTable(WeightsMeasurement measured, string directory)
    {
        static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        var table = new Table().Title($"[bold]weight spectra[/] of {Markup.Escape(measured.Source)}")
            .AddColumn("layer").AddColumn(new TableColumn("N x M").RightAligned()).AddColumn(new TableColumn("alpha (95% CI)").RightAligned())
            .AddColumn(new TableColumn("x_min").RightAligned()).AddColumn(new TableColumn("tail").RightAligned())
            .AddColumn(new TableColumn("MP sigma^2").RightAligned()).AddColumn(new TableColumn("spikes").RightAligned())
            .AddColumn(new TableColumn("stable rank").RightAligned()).AddColumn(new TableColumn("||W||_2").RightAligned());
        foreach (var l in measured.Layers)
        {
            var p = l.PowerLaw;
            table.AddRow(Markup.Escape(l.Layer), $"{l.Rows} x {l.Columns}",
                p is null ? $"- (< {PowerLawFit.MinimumTail} eigenvalues)" : Markup.Escape($"{p.Alpha:F2} [{p.Interval.Low:F2}, {p.Interval.High:F2}]"),
                p is null ? "-" : G(p.XMin), p is null ? "-" : p.TailCount.ToString(CultureInfo.InvariantCulture),
                G(l.MarchenkoPastur.Variance), l.MarchenkoPastur.Spikes.ToString(CultureInfo.InvariantCulture), G(l.StableRank), G(l.SpectralNorm));
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 132);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(directory)}[/]");
    }
}

using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.WeightSpectra;

namespace NetGeometry.Experiments.Analyses;

/// <summary>The weight spectra of a model: where it came from, at which step, and each layer's spectrum.</summary>
internal sealed record WeightsMeasurement(string Source, long Step, IReadOnlyList<LayerSpectrum> Layers, AnalysisSpec Spec);

/// <summary>
/// netgeo weights: Martin &amp; Mahoney's per-layer weight spectra (<see cref="WeightSpectrum"/>) of a run's network at
/// a checkpoint or of a PyTorch model saved as TorchScript, through one <see cref="Model"/> either way. Needs no data.
/// </summary>
internal static class WeightsAnalysis
{
    /// <summary>The run's network at <paramref name="step"/> (default: its last checkpoint).</summary>
    public static WeightsMeasurement OfRun(string path, long? step)
    {
        using var saved = SavedRun.At(path, step);
        using var model = saved.Network.AsModel();
        return new WeightsMeasurement(saved.Source, saved.Step, Measure(model, saved.Directory),
            new AnalysisSpec("weights", saved.Directory, new { saved.Step }));
    }

    /// <summary>The TorchScript file's model.</summary>
    public static WeightsMeasurement OfTorchScript(string file)
    {
        using var model = TorchScriptFile.Load(file);
        return new WeightsMeasurement(file, 0, Measure(model, file), new AnalysisSpec("weights", file, new { TorchScript = file }));
    }

    private static IReadOnlyList<LayerSpectrum> Measure(Model model, string source)
    {
        var layers = WeightSpectrum.PerLayer(model);
        InputException.Require(layers.Count > 0,
            $"{source}: no layer has a weight of two or more dimensions (a dense or conv weight), so there is no weight spectrum to measure; its parameters are {string.Join(", ", model.Parameters.Select(p => p.Name))}.");
        return layers;
    }
}

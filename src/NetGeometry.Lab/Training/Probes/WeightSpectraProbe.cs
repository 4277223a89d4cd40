using NetGeometry.Networks;
using NetGeometry.WeightSpectra;

namespace NetGeometry.Training.Probes;

/// <summary>
/// Martin &amp; Mahoney's per-layer weight spectra over training (<see cref="WeightSpectrum"/>): weight_alpha, the
/// power-law exponent of the tail of each layer's empirical spectral density (none for a layer with fewer than
/// <see cref="PowerLawFit.MinimumTail"/> eigenvalues), weight_stable_rank and weight_mp_spikes, the eigenvalues above
/// the Marchenko-Pastur bulk.
/// </summary>
internal sealed class WeightSpectraProbe : IProbe
{
    public string Name => "weight-spectra";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("weight_alpha", "power-law exponent alpha of the weights' ESD",
            "the exponent of the tail of each layer's eigenvalues of W^T W / N (Clauset et al.'s fit): about 2 to 6 reads as well trained, below 2 as very heavy-tailed"),
        new("weight_stable_rank", "stable rank ||W||_F^2 / ||W||_2^2 (ratio)", "how many directions carry each layer's weight norm"),
        new("weight_mp_spikes", "eigenvalues above the Marchenko-Pastur bulk (count)",
            "each layer's eigenvalues of W^T W / N beyond the upper edge of its fitted random bulk: the structure training put in"),
    ];

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        using var model = c.Network.AsModel();
        foreach (var layer in WeightSpectrum.PerLayer(model))
        {
            if (layer.PowerLaw is { } fit) yield return c.Value("weight_alpha", fit.Alpha, layer.Layer);
            yield return c.Value("weight_stable_rank", layer.StableRank, layer.Layer);
            yield return c.Value("weight_mp_spikes", layer.MarchenkoPastur.Spikes, layer.Layer);
        }
    }
}

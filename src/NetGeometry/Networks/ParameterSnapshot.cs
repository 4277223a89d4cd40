using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A detached copy of every parameter of a network, keyed "layer.name" (e.g. "layer1.weight"), in the network's
/// order: what checkpoints store, distances from initialization compare, and Restore puts back exactly.
/// </summary>
public sealed class ParameterSnapshot : IDisposable
{
    public ParameterSnapshot(IEnumerable<(string Layer, string Name, Tensor Value)> entries) =>
        Entries = entries.Select(e => new NamedParameter(e.Layer, e.Name, e.Value)).ToList();

    public IReadOnlyList<NamedParameter> Entries { get; }

    public Tensor this[string key] => Entries.First(e => e.Key == key).Value;

    /// <summary>The saved values of the given parameters (same layers and names), e.g. of a network's trainable ones.</summary>
    public IEnumerable<NamedParameter> Matching(IEnumerable<NamedParameter> parameters) => parameters.Select(p => p with { Value = this[p.Key] });

    public IEnumerable<string> LayerNames => Entries.Select(e => e.Layer).Distinct();

    /// <summary>The parameters of one layer.</summary>
    public IEnumerable<NamedParameter> OfLayer(string layer) => Entries.Where(e => e.Layer == layer);

    public static ParameterSnapshot Capture(IEnumerable<NamedParameter> parameters) =>
        new(parameters.Select(p => (p.Layer, p.Name, p.Value.detach().clone())));

    public void Dispose()
    {
        foreach (var e in Entries) e.Value.Dispose();
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A detached copy of every parameter of a network, keyed "layer.name" (e.g. "layer1.weight"), in the network's
/// order: what checkpoints store, distances from initialization compare, and Restore puts back exactly.
/// </summary>
public sealed class ParameterSnapshot : IDisposable
{
    /// <summary>A snapshot that owns the given tensors, in the given order; <see cref="Dispose"/> frees them.</summary>
    public ParameterSnapshot(IEnumerable<(string Layer, string Name, Tensor Value)> entries) =>
        Entries = entries.Select(e => new NamedParameter(e.Layer, e.Name, e.Value)).ToList();

    /// <summary>The saved tensors, in the network's order.</summary>
    public IReadOnlyList<NamedParameter> Entries { get; }

    /// <summary>The saved value keyed <paramref name="key"/> ("layer1.weight").</summary>
    /// <exception cref="InvalidOperationException">No entry has that key.</exception>
    public Tensor this[string key] => Entries.First(e => e.Key == key).Value;

    /// <summary>The saved values of the given parameters (same layers and names), e.g. of a network's trainable ones.</summary>
    public IEnumerable<NamedParameter> Matching(IEnumerable<NamedParameter> parameters) => parameters.Select(p => p with { Value = this[p.Key] });

    /// <summary>The layers with saved tensors, in order, each once.</summary>
    public IEnumerable<string> LayerNames => Entries.Select(e => e.Layer).Distinct();

    /// <summary>Detached clones of the given parameters' current values.</summary>
    public static ParameterSnapshot Capture(IEnumerable<NamedParameter> parameters) =>
        new(parameters.Select(p => (p.Layer, p.Name, p.Value.detach().clone())));

    /// <summary>Frees every saved tensor.</summary>
    public void Dispose()
    {
        foreach (var e in Entries) e.Value.Dispose();
    }
}

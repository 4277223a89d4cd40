using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>What one dense layer saw in a forward pass: its input U and its pre-activation Z = layer(U).</summary>
public sealed record DenseRecord(DenseLayer Layer, Tensor Input, Tensor PreActivation);

/// <summary>
/// Filled by a forward pass that is asked to keep each dense layer's input and pre-activation (in forward order):
/// what structured kernels (Theta_l = (G G^T) o (U U^T) m_W^2) and activation-pattern probes need.
/// </summary>
public sealed class ForwardTrace
{
    private readonly List<DenseRecord> _records = new();
    /// <summary>What each dense layer saw, in forward order.</summary>
    public IReadOnlyList<DenseRecord> Records => _records;

    internal Tensor Through(DenseLayer layer, Tensor input)
    {
        var z = layer.call(input);
        _records.Add(new DenseRecord(layer, input, z));
        return z;
    }

    /// <summary>The first record of the layer named <paramref name="layerName"/>.</summary>
    /// <exception cref="InvalidOperationException">The pass recorded no such layer.</exception>
    public DenseRecord this[string layerName] => _records.First(r => r.Layer.Name == layerName);
}

using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>The hyperspherical energies of one layer's neurons (N of them, in R^D).</summary>
public sealed record LayerEnergy(string Layer, long Neurons, long Dimension, IReadOnlyList<EnergyValue> Values);

/// <summary>Hyperspherical energy of every layer of a network that has neurons (<see cref="INeuronLayer"/>).</summary>
public static class NetworkEnergy
{
    /// <summary>Each layer with at least two neurons, in forward order (a one-neuron output has no pairs).</summary>
    public static IReadOnlyList<LayerEnergy> PerLayer(INetwork net, IReadOnlyList<EnergyVariant> variants)
    {
        var energies = new List<LayerEnergy>();
        using var _ = no_grad();
        foreach (var layer in net.Layers)
        {
            if (layer is not INeuronLayer neuronLayer) continue;
            using var neurons = neuronLayer.Neurons();
            if (neurons.shape[0] < 2) continue;
            energies.Add(new LayerEnergy(layer.Name, neurons.shape[0], neurons.shape[1], HypersphericalEnergy.Compute(neurons, variants)));
        }
        return energies;
    }
}

using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.LieGroup;

/// <summary>
/// A residual network as a flow carrying the data (Dong &amp; Zhou; geometrization.md): the states
/// x_0 (the output of layer "input"), x_1, ..., x_B (the input of layer "output"), and per block
/// the kinetic energy (1/h) mean_i ||x_{l+1}^i - x_l^i||^2 and the path length mean_i ||x_{l+1}^i - x_l^i||;
/// <see cref="KineticEnergy"/> and <see cref="PathLength"/> are their sums over blocks. For the flow
/// dx/dt = v(x), t in [0, 1], discretized with step h = 1/B, the energy tends to integral ||v||^2 dt.
/// </summary>
/// <param name="Blocks">The blocks' names, in forward order.</param>
/// <param name="BlockKineticEnergy">(1/h) mean_i ||x_{l+1}^i - x_l^i||^2 per block.</param>
/// <param name="BlockPathLength">mean_i ||x_{l+1}^i - x_l^i|| per block.</param>
public sealed record ResidualFlow(IReadOnlyList<string> Blocks, double[] BlockKineticEnergy, double[] BlockPathLength)
{
    /// <summary>The kinetic energy summed over blocks, sum_l (1/h) mean_i ||x_{l+1}^i - x_l^i||^2.</summary>
    public double KineticEnergy => BlockKineticEnergy.Sum();

    /// <summary>The path length summed over blocks, sum_l mean_i ||x_{l+1}^i - x_l^i||.</summary>
    public double PathLength => BlockPathLength.Sum();

    /// <summary>The flow of <paramref name="network"/> on n x InputDim <paramref name="inputs"/> (traced in chunks, without a graph).</summary>
    public static ResidualFlow Measure(ResidualMlp network, Tensor inputs)
    {
        int blocks = network.Blocks.Count;
        double[] squared = new double[blocks], lengths = new double[blocks];
        ForwardChunks.Visit(network, inputs, trace =>
        {
            var states = network.Blocks.Select(b => trace[b.Name].Input).Append(trace[network.Output.Name].Input).ToList();
            for (int l = 0; l < blocks; l++)
            {
                var step = states[l + 1].sub(states[l]).pow(Held(2)).sum(1);
                squared[l] += step.sum().item<double>();
                lengths[l] += step.sqrt().sum().item<double>();
            }
        });
        double n = inputs.shape[0];
        return new ResidualFlow(network.Blocks.Select(b => b.Name).ToList(),
            squared.Select(s => s / n / network.Step).ToArray(), lengths.Select(s => s / n).ToArray());
    }
}

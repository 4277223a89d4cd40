using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Inputs drawn by a generator (n x d, float64), not yet labelled: its name and how it was drawn. A label generator
/// turns it into a <see cref="Dataset"/>, which takes over the inputs tensor.
/// </summary>
public sealed record InputSample(string Name, Tensor Inputs, string Provenance)
{
    public long Count => Inputs.shape[0];
}

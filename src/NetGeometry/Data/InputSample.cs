using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Inputs drawn by a generator (n x d, float64), not yet labelled: its name and how it was drawn. A label generator
/// turns it into a <see cref="Dataset"/>, which takes over the inputs tensor.
/// </summary>
/// <param name="Name">The generator's name ("sphere", "gaussian"), the dataset's name.</param>
/// <param name="Inputs">n x d inputs, float64.</param>
/// <param name="Provenance">How they were drawn: the distribution, n and the seed.</param>
public sealed record InputSample(string Name, Tensor Inputs, string Provenance)
{
    /// <summary>The number of points n.</summary>
    public long Count => Inputs.shape[0];
}

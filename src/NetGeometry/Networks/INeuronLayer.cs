using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A layer made of neurons, weight vectors that each produce one output: a dense layer's rows of W, a conv layer's
/// filters flattened to C_in k k, an OPT layer's effective rows of W = V Q^T. What hyperspherical energy is computed on.
/// </summary>
public interface INeuronLayer
{
    /// <summary>The neurons as rows, N x D, as the layer computes with them now; the caller owns the tensor.</summary>
    Tensor Neurons();
}

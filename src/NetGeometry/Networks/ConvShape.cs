using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A square 2-D convolution with stride 1: C_in -> C_out channels, k x k filters, zero padding p on each side. Its
/// neurons are the C_out filters, each a vector of FanIn = C_in k k weights.
/// </summary>
public sealed record ConvShape(int InChannels, int OutChannels, int Kernel, int Padding)
{
    /// <summary>C_in k k, the length of one filter as a vector.</summary>
    public int FanIn => InChannels * Kernel * Kernel;

    /// <summary>The convolution of x (n x C_in x H x W) with filters given as rows (C_out x FanIn).</summary>
    internal Tensor Convolve(Tensor x, Tensor filters, Tensor? bias) =>
        nn.functional.conv2d(x, filters.reshape(OutChannels, InChannels, Kernel, Kernel), bias,
            padding: new long[] { Padding, Padding });
}

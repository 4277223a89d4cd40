using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A convolutional OPT layer: its C_out filters, flattened to vectors of C_in k k, are the neurons W = V Q(R)^T of
/// <see cref="OptLayer"/> (the paper's conv OPT: Q acts on the C_in k k coordinates every filter shares), convolved
/// as a standard <see cref="ConvLayer"/> with the same shape would be.
/// </summary>
public sealed class OptConvLayer : OptLayer
{
    /// <summary>
    /// A layer with R at the orthogonalizer's identity parameter and V (and bias) at zero until <see cref="OptLayer.Initialize"/>
    /// draws V with standard deviation <paramref name="initStd"/>; <paramref name="stochasticFraction"/> makes it S-OPT.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, or the fraction is not in (0, 1).</exception>
    public OptConvLayer(string name, ConvShape shape, bool bias, double initStd, IOrthogonalizer orthogonalizer,
        double? stochasticFraction = null, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(name, shape.OutChannels, shape.FanIn, initStd, orthogonalizer, stochasticFraction, dtype, device)
    {
        Shape = shape;
        Bias = bias ? NewParameter("bias", zeros(shape.OutChannels, dtype: dtype, device: device)) : null;
    }

    /// <summary>The channels, kernel size and padding of the convolution.</summary>
    public ConvShape Shape { get; }
    /// <summary>One bias per filter (C_out), zero at initialization; null when the layer has none.</summary>
    public Tensor? Bias { get; }

    private protected override IEnumerable<NamedParameter> BiasParameters =>
        Bias is null ? [] : [new NamedParameter(Name, "bias", Bias)];

    /// <summary>The convolution of n x C_in x H x W maps with the filters W = V Q^T.</summary>
    public override Tensor forward(Tensor x) => Shape.Convolve(x, Neurons(), Bias);

    private protected override void InitializeBias(Generator generator) => Bias?.zero_();
}

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
    public OptConvLayer(string name, ConvShape shape, bool bias, double initStd, IOrthogonalizer orthogonalizer,
        double? stochasticFraction = null, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(name, shape.OutChannels, shape.FanIn, initStd, orthogonalizer, stochasticFraction, dtype, device)
    {
        Shape = shape;
        Bias = bias ? NewParameter("bias", zeros(shape.OutChannels, dtype: dtype, device: device)) : null;
    }

    public ConvShape Shape { get; }
    public Tensor? Bias { get; }

    protected override IEnumerable<NamedParameter> BiasParameters =>
        Bias is null ? [] : [new NamedParameter(Name, "bias", Bias)];

    public override Tensor forward(Tensor x) => Shape.Convolve(x, Neurons(), Bias);

    protected override void InitializeBias(Generator generator) => Bias?.zero_();
}

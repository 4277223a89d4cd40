using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A standard convolution layer: filters W (C_out x C_in k k, one row per filter) drawn InitStd * N(0, 1) (He:
/// InitStd = sqrt(2 / fan_in) before ReLU) and an optional bias (zero at initialization; leave it out when batch norm
/// follows, whose shift does its job).
/// </summary>
public sealed class ConvLayer : Layer, INeuronLayer
{
    private readonly NamedParameter[] _named;

    /// <summary>A layer with zero filters (and bias, when <paramref name="bias"/>) until <see cref="Initialize"/> draws them
    /// with standard deviation <paramref name="initStd"/>.</summary>
    public ConvLayer(string name, ConvShape shape, bool bias, double initStd, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(name)
    {
        Shape = shape; InitStd = initStd;
        Weight = NewParameter("weight", zeros(shape.OutChannels, shape.FanIn, dtype: dtype, device: device));
        Bias = bias ? NewParameter("bias", zeros(shape.OutChannels, dtype: dtype, device: device)) : null;
        _named = Bias is null
            ? [new NamedParameter(name, "weight", Weight)]
            : [new NamedParameter(name, "weight", Weight), new NamedParameter(name, "bias", Bias)];
    }

    /// <summary>The channels, kernel size and padding of the convolution.</summary>
    public ConvShape Shape { get; }
    /// <summary>The standard deviation of the filters' initial entries.</summary>
    public double InitStd { get; }
    /// <summary>The filters as rows, C_out x (C_in k k).</summary>
    public Tensor Weight { get; }
    /// <summary>One bias per filter (C_out), or null when the layer has none.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override IReadOnlyList<NamedParameter> Parameters => _named;

    /// <summary>The convolution of n x C_in x H x W maps.</summary>
    public override Tensor forward(Tensor x) => Shape.Convolve(x, Weight, Bias);

    /// <summary>The filters as rows, C_out x (C_in k k).</summary>
    public Tensor Neurons() => Weight.alias();

    /// <summary>Draws the filters as InitStd * N(0, 1) and sets the bias to zero.</summary>
    public override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        using var w = randn(Weight.shape, generator: generator, dtype: Weight.dtype, device: Weight.device);
        Weight.copy_(w.mul_(Held(InitStd)));
        Bias?.zero_();
    }
}

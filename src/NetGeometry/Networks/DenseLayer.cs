using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>How a dense layer's weights are drawn at initialization (before the multiplier).</summary>
public enum WeightInit { Gaussian, Rademacher }

/// <summary>
/// A dense layer z = WeightMultiplier * (u W^T) + BiasMultiplier * b, with W (FanOut x FanIn) drawn as
/// InitStd * N(0, 1) (or InitStd * Rademacher) and b as BiasInitStd * N(0, 1). The explicit multipliers are what the
/// structured NTK needs: the per-example gradient with respect to W is WeightMultiplier * g u^T (ntk-computation.md).
/// </summary>
public sealed class DenseLayer : Layer
{
    public DenseLayer(string name, int fanIn, int fanOut, bool bias, double weightMultiplier, double initStd,
        double biasMultiplier = 1.0, double biasInitStd = 0.0, WeightInit init = WeightInit.Gaussian,
        ScalarType dtype = ScalarType.Float64, Device? device = null, bool trainable = true) : base(name)
    {
        if (fanIn <= 0 || fanOut <= 0) throw new ArgumentException($"layer {name}: sizes must be positive, got {fanIn} -> {fanOut}.");
        FanIn = fanIn; FanOut = fanOut; WeightMultiplier = weightMultiplier; InitStd = initStd;
        BiasMultiplier = biasMultiplier; BiasInitStd = biasInitStd; Init = init; Trainable = trainable;
        Weight = zeros(fanOut, fanIn, dtype: dtype, device: device).requires_grad_(trainable);
        Bias = bias ? zeros(fanOut, dtype: dtype, device: device).requires_grad_(trainable) : null;
        _parameters = Bias is null
            ? new[] { new NamedParameter(name, "weight", Weight) }
            : new[] { new NamedParameter(name, "weight", Weight), new NamedParameter(name, "bias", Bias) };
    }

    private readonly NamedParameter[] _parameters;

    public int FanIn { get; }
    public int FanOut { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    public double WeightMultiplier { get; }
    public double BiasMultiplier { get; }
    public double InitStd { get; }
    public double BiasInitStd { get; }
    public WeightInit Init { get; }

    public override IReadOnlyList<NamedParameter> Parameters => _parameters;

    /// <summary>z = m_W u W^T + m_b b for a batch u (n x FanIn).</summary>
    public Tensor Forward(Tensor u)
    {
        var z = u.matmul(Weight.t());
        if (WeightMultiplier != 1.0) z = z.mul(WeightMultiplier);
        if (Bias is not null) z = BiasMultiplier == 1.0 ? z.add(Bias) : z.add(Bias, alpha: BiasMultiplier);
        return z;
    }

    public override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        using var w = Init == WeightInit.Rademacher
            ? randint(0, 2, Weight.shape, generator: generator, dtype: Weight.dtype, device: Weight.device).mul_(2).sub_(1)
            : randn(Weight.shape, generator: generator, dtype: Weight.dtype, device: Weight.device);
        Weight.copy_(w.mul_(InitStd));
        if (Bias is not null)
        {
            using var b = randn(Bias.shape, generator: generator, dtype: Bias.dtype, device: Bias.device);
            Bias.copy_(b.mul_(BiasInitStd));
        }
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>How a dense layer's weights are drawn at initialization (before the multiplier).</summary>
public enum WeightInit
{
    /// <summary>N(0, 1) entries.</summary>
    Gaussian,
    /// <summary>Entries -1 and +1 with probability 1/2 each (Du et al.'s output signs).</summary>
    Rademacher,
}

/// <summary>
/// A dense layer z = WeightMultiplier * (u W^T) + BiasMultiplier * b, with W (FanOut x FanIn) drawn as
/// InitStd * N(0, 1) (or InitStd * Rademacher) and b as BiasInitStd * N(0, 1). The explicit multipliers are what the
/// structured NTK needs: the per-example gradient with respect to W is WeightMultiplier * g u^T (ntk-computation.md).
/// </summary>
public sealed class DenseLayer : Layer, INeuronLayer
{
    /// <summary>
    /// A layer with W and b at zero until <see cref="Initialize"/> draws them. A layer built with
    /// <paramref name="trainable"/> = false is fixed: its tensors do not require grad and training leaves it alone.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="fanIn"/> or <paramref name="fanOut"/> is not positive.</exception>
    public DenseLayer(string name, int fanIn, int fanOut, bool bias, double weightMultiplier, double initStd,
        double biasMultiplier = 1.0, double biasInitStd = 0.0, WeightInit init = WeightInit.Gaussian,
        ScalarType dtype = ScalarType.Float64, Device? device = null, bool trainable = true) : base(name)
    {
        if (fanIn <= 0 || fanOut <= 0) throw new ArgumentException($"layer {name}: sizes must be positive, got {fanIn} -> {fanOut}.");
        FanIn = fanIn; FanOut = fanOut; WeightMultiplier = weightMultiplier; InitStd = initStd;
        BiasMultiplier = biasMultiplier; BiasInitStd = biasInitStd; Init = init; Trainable = trainable;
        Weight = NewParameter("weight", zeros(fanOut, fanIn, dtype: dtype, device: device), trainable);
        Bias = bias ? NewParameter("bias", zeros(fanOut, dtype: dtype, device: device), trainable) : null;
        _named = Bias is null
            ? new[] { new NamedParameter(name, "weight", Weight) }
            : new[] { new NamedParameter(name, "weight", Weight), new NamedParameter(name, "bias", Bias) };
    }

    private readonly NamedParameter[] _named;

    /// <summary>The input size, the columns of W.</summary>
    public int FanIn { get; }
    /// <summary>The output size, the rows of W (one per neuron).</summary>
    public int FanOut { get; }
    /// <summary>W, FanOut x FanIn, without the multiplier.</summary>
    public Tensor Weight { get; }
    /// <summary>b (FanOut), without the multiplier; null when the layer has none.</summary>
    public Tensor? Bias { get; }
    /// <summary>m_W: the factor on u W^T.</summary>
    public double WeightMultiplier { get; }
    /// <summary>m_b: the factor on b.</summary>
    public double BiasMultiplier { get; }
    /// <summary>The standard deviation of W's initial entries (before m_W).</summary>
    public double InitStd { get; }
    /// <summary>The standard deviation of b's initial entries (0: b starts at zero).</summary>
    public double BiasInitStd { get; }
    /// <summary>The distribution of W's initial entries.</summary>
    public WeightInit Init { get; }

    /// <inheritdoc />
    public override IReadOnlyList<NamedParameter> Parameters => _named;

    /// <summary>z = m_W u W^T + m_b b for a batch u (n x FanIn).</summary>
    public override Tensor forward(Tensor u) => Affine(u, Weight, WeightMultiplier, Bias, BiasMultiplier);

    /// <summary>The rows of W.</summary>
    public Tensor Neurons() => Weight.alias();

    /// <summary>z = m_W u W^T + m_b b: the map of a dense layer, standard or OPT.</summary>
    internal static Tensor Affine(Tensor u, Tensor weight, double weightMultiplier, Tensor? bias, double biasMultiplier)
    {
        var z = u.matmul(weight.t());
        if (weightMultiplier != 1.0) z = z.mul(Held(weightMultiplier));
        if (bias is not null) z = z.add(bias, alpha: Held(biasMultiplier));
        return z;
    }

    /// <summary>Draws W as InitStd times <see cref="Init"/> entries, then b as BiasInitStd * N(0, 1).</summary>
    public override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        using var w = Init == WeightInit.Rademacher
            ? randint(0, 2, Weight.shape, generator: generator, dtype: Weight.dtype, device: Weight.device).mul_(Held(2)).sub_(Held(1))
            : randn(Weight.shape, generator: generator, dtype: Weight.dtype, device: Weight.device);
        Weight.copy_(w.mul_(Held(InitStd)));
        if (Bias is not null) DrawBias(Bias, BiasInitStd, generator);
    }

    /// <summary>b = std * N(0, 1), drawn after the weights (an OPT layer draws its bias the same way).</summary>
    internal static void DrawBias(Tensor bias, double std, Generator generator)
    {
        using var _ = no_grad();
        using var b = randn(bias.shape, generator: generator, dtype: bias.dtype, device: bias.device);
        bias.copy_(b.mul_(Held(std)));
    }
}

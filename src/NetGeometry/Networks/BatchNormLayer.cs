using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// Batch normalization over the channels of n x C x H x W maps (Ioffe &amp; Szegedy 2015): y = gamma (x - mu) /
/// sqrt(var + eps) + beta per channel. In training mode mu and var are the batch's and the running averages move
/// toward them by <see cref="Momentum"/>; otherwise the running averages are used, so the network is a fixed function
/// of its parameters (see <see cref="INetwork.TrainingMode"/>). Parameters "weight" (gamma) and "bias" (beta) train;
/// "running_mean" and "running_var" are saved with checkpoints, never trained. PyTorch's defaults.
/// </summary>
public sealed class BatchNormLayer : Layer
{
    /// <summary>m in the running averages' update r &lt;- (1 - m) r + m (batch statistic), in training mode.</summary>
    public const double Momentum = 0.1;

    /// <summary>eps added to the variance before the square root.</summary>
    public const double Epsilon = 1e-5;

    private readonly NamedParameter[] _named;

    /// <summary>A layer over <paramref name="channels"/> channels with gamma = 1, beta = 0, running mean 0 and variance 1.</summary>
    public BatchNormLayer(string name, int channels, ScalarType dtype = ScalarType.Float64, Device? device = null) : base(name)
    {
        Weight = NewParameter("weight", ones(channels, dtype: dtype, device: device));
        Bias = NewParameter("bias", zeros(channels, dtype: dtype, device: device));
        RunningMean = NewBuffer("running_mean", zeros(channels, dtype: dtype, device: device));
        RunningVar = NewBuffer("running_var", ones(channels, dtype: dtype, device: device));
        _named =
        [
            new NamedParameter(name, "weight", Weight), new NamedParameter(name, "bias", Bias),
            new NamedParameter(name, "running_mean", RunningMean, Trainable: false),
            new NamedParameter(name, "running_var", RunningVar, Trainable: false),
        ];
    }

    /// <summary>gamma, the per-channel scale (C), trained.</summary>
    public Tensor Weight { get; }
    /// <summary>beta, the per-channel shift (C), trained.</summary>
    public Tensor Bias { get; }
    /// <summary>The running average of the batch means (C), used outside training mode.</summary>
    public Tensor RunningMean { get; }
    /// <summary>The running average of the (unbiased) batch variances (C), used outside training mode.</summary>
    public Tensor RunningVar { get; }

    /// <inheritdoc />
    public override IReadOnlyList<NamedParameter> Parameters => _named;

    /// <summary>Batch statistics in training mode (the module's <c>training</c> flag), running averages otherwise.</summary>
    public override Tensor forward(Tensor x) =>
        nn.functional.batch_norm(x, RunningMean, RunningVar, Weight, Bias, training, Momentum, Epsilon);

    /// <summary>gamma = 1, beta = 0, running mean 0 and variance 1 (draws nothing).</summary>
    public override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        Weight.fill_(Held(1.0)); Bias.zero_(); RunningMean.zero_(); RunningVar.fill_(Held(1.0));
    }
}

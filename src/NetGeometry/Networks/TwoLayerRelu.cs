using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// Du, Zhai, Poczos &amp; Singh (ICLR 2019), eq. (1): f(W, a, x) = (1/sqrt(m)) sum_r a_r relu(w_r . x), with
/// w_r ~ N(0, I_d) and a_r uniform on {-1, +1}. Layer "hidden" holds W (m x d, multiplier 1), layer "output" holds
/// a (1 x m, multiplier 1/sqrt(m)); a is fixed unless <c>trainOutput</c> (the paper's corollary).
/// </summary>
public sealed class TwoLayerRelu : NetworkBase
{
    /// <summary>The network with W and a at zero until <see cref="INetwork.Initialize"/> draws them.</summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not float64, or a size is not positive.</exception>
    public TwoLayerRelu(int inputDim, int width, bool trainOutput = false, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base("two-layer-relu", inputDim, 1, dtype)
    {
        Width = width;
        Hidden = new DenseLayer("hidden", inputDim, width, bias: false, weightMultiplier: 1.0, initStd: 1.0, dtype: dtype, device: device);
        Output = new DenseLayer("output", width, 1, bias: false, weightMultiplier: 1.0 / Math.Sqrt(width), initStd: 1.0,
            init: WeightInit.Rademacher, dtype: dtype, device: device, trainable: trainOutput);
        Layers = new Layer[] { Hidden, Output };
        RegisterLayers();
    }

    /// <summary>m, the number of hidden units.</summary>
    public int Width { get; }
    /// <summary>W: the m hidden weight vectors w_r as rows.</summary>
    public DenseLayer Hidden { get; }
    /// <summary>a: the output signs.</summary>
    public DenseLayer Output { get; }
    /// <summary><see cref="Hidden"/>, then <see cref="Output"/>.</summary>
    public override IReadOnlyList<Layer> Layers { get; }

    /// <summary>relu(w_r . x): the hidden layer's pre-activations go through ReLU.</summary>
    public override Activation? ActivationOf(Layer layer) => ReferenceEquals(layer, Hidden) ? Activation.Relu : null;

    /// <inheritdoc />
    protected override Tensor ForwardChecked(Tensor x, ForwardTrace? trace) =>
        Dense(Output, nn.functional.relu(Dense(Hidden, x, trace)), trace);
}

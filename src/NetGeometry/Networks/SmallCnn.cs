using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A small CNN for square one-channel images given as flattened rows (Fashion-MNIST: 784 = 28 x 28): stages
/// "conv1".."convK" of a 3 x 3 convolution (padding 1, no bias) -> batch norm "bn1".."bnK" -> ReLU -> 2 x 2 max-pool
/// (28 -> 14 -> 7 -> 3 for three stages), then dense layers "dense1".."denseH" with ReLU and a linear output layer
/// "output" (standard parameterization, He initialization: conv filters N(0, 2 / (C_in 9)), as the OPT reference
/// code draws V). An <see cref="OptPlan"/> makes the conv and dense layers it covers OPT layers (by default all but
/// "output"). Batch norm makes the network depend on <see cref="INetwork.TrainingMode"/>.
/// </summary>
public sealed class SmallCnn : NetworkBase
{
    /// <summary>k, the side of every conv filter.</summary>
    public const int Kernel = 3;

    /// <summary>
    /// A CNN with one stage per entry of <paramref name="channels"/> (its output channels) and one hidden dense layer per
    /// entry of <paramref name="hiddenWidths"/>, its weights at zero until <see cref="INetwork.Initialize"/> draws them.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputDim"/> is not a square, the stages do not fit the image, or
    /// <paramref name="dtype"/> is not float64.</exception>
    public SmallCnn(int inputDim, IReadOnlyList<int> channels, IReadOnlyList<int> hiddenWidths, int outputDim,
        ScalarType dtype = ScalarType.Float64, Device? device = null, OptPlan? opt = null)
        : base("cnn", inputDim, outputDim, dtype)
    {
        Side = (int)Math.Round(Math.Sqrt(inputDim));
        if (Side * Side != inputDim) throw new ArgumentException($"cnn: {inputDim} inputs are not a square image.");
        if (channels.Count == 0 || FeatureSide(Side, channels.Count) < 1)
            throw new ArgumentException($"cnn: {channels.Count} stages do not fit a {Side} x {Side} image.");
        var layers = new List<Layer>();
        int inChannels = 1;
        for (int k = 0; k < channels.Count; k++)
        {
            var shape = new ConvShape(inChannels, channels[k], Kernel, Kernel / 2);
            string name = $"conv{k + 1}";
            double std = Math.Sqrt(2.0 / shape.FanIn);
            layers.Add(opt is not null && opt.Covers(name, isOutput: false)
                ? new OptConvLayer(name, shape, bias: false, std, opt.Method.CreateOrthogonalizer(), opt.StochasticFraction, dtype, device)
                : new ConvLayer(name, shape, bias: false, std, dtype, device));
            layers.Add(new BatchNormLayer($"bn{k + 1}", channels[k], dtype, device));
            inChannels = channels[k];
        }
        int side = FeatureSide(Side, channels.Count), features = inChannels * side * side;
        var sizes = new List<int> { features };
        sizes.AddRange(hiddenWidths);
        sizes.Add(outputDim);
        for (int l = 0; l + 1 < sizes.Count; l++)
        {
            bool isOutput = l + 2 == sizes.Count;
            layers.Add(Mlp.CreateLinear(isOutput ? "output" : $"dense{l + 1}", sizes[l], sizes[l + 1], isOutput,
                Parameterization.Standard, isOutput ? 1.0 : Activation.Relu.HeGain(), bias: true, biasStd: 0.0, dtype, device, opt));
        }
        Layers = layers;
        Stages = channels.Count;
        RegisterLayers();
    }

    /// <summary>The image side (28 for Fashion-MNIST).</summary>
    public int Side { get; }
    /// <summary>The number of conv stages (convolution, batch norm, ReLU, pool).</summary>
    public int Stages { get; }
    /// <summary>"conv1", "bn1", .., "convK", "bnK", then the dense layers and "output", in forward order.</summary>
    public override IReadOnlyList<Layer> Layers { get; }

    /// <summary>The side of the feature maps after the given number of stages (each pool halves it, rounding down).</summary>
    internal static int FeatureSide(int side, int stages)
    {
        for (int k = 0; k < stages; k++) side /= 2;
        return side;
    }

    /// <summary>The dense layers before the output feed ReLU; a conv layer's output goes through batch norm first (null).</summary>
    public override Activation? ActivationOf(Layer layer)
    {
        int index = Layers.ToList().IndexOf(layer);
        return index >= 2 * Stages && index + 1 < Layers.Count ? Activation.Relu : null;
    }

    /// <inheritdoc />
    protected override Tensor ForwardChecked(Tensor x, ForwardTrace? trace)
    {
        var h = x.reshape(x.shape[0], 1, Side, Side);
        for (int k = 0; k < Stages; k++)
        {
            var normalized = Layers[2 * k + 1].call(Layers[2 * k].call(h));
            h = nn.functional.max_pool2d(nn.functional.relu(normalized), 2);
        }
        h = h.flatten(1);
        for (int l = 2 * Stages; l < Layers.Count; l++)
        {
            var z = Linear(Layers[l], h, trace);
            h = l + 1 < Layers.Count ? nn.functional.relu(z) : z;
        }
        return h;
    }
}

using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A fully connected network d -> widths[0] -> ... -> widths[L-2] -> o with one activation between dense layers and
/// a linear output, in NTK or standard parameterization (see <see cref="Parameterization"/>). Layers are named
/// "layer1" .. "layerL", the last being the output layer.
/// </summary>
public sealed class Mlp : NetworkBase
{
    public Mlp(int inputDim, IReadOnlyList<int> hiddenWidths, int outputDim, Activation activation = Activation.Relu,
        Parameterization parameterization = Parameterization.Standard, bool bias = true, double? weightStd = null,
        double biasStd = 0.1, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base("mlp", inputDim, outputDim, dtype)
    {
        Activation = activation; Parameterization = parameterization;
        var sizes = new List<int> { inputDim };
        sizes.AddRange(hiddenWidths);
        sizes.Add(outputDim);
        var layers = new List<DenseLayer>();
        for (int l = 0; l + 1 < sizes.Count; l++)
        {
            bool isOutput = l + 2 == sizes.Count;
            double sigma = weightStd ?? (parameterization == Parameterization.Ntk || isOutput ? 1.0 : activation.HeGain());
            layers.Add(CreateDense($"layer{l + 1}", sizes[l], sizes[l + 1], parameterization, sigma, bias, biasStd, dtype, device));
        }
        DenseLayers = layers;
    }

    public Activation Activation { get; }
    public Parameterization Parameterization { get; }
    public IReadOnlyList<DenseLayer> DenseLayers { get; }
    public override IReadOnlyList<Layer> Layers => DenseLayers;

    protected override Tensor ForwardChecked(Tensor x, ForwardTrace? trace)
    {
        var h = x;
        for (int l = 0; l < DenseLayers.Count; l++)
        {
            var z = Dense(DenseLayers[l], h, trace);
            h = l + 1 < DenseLayers.Count ? Activation.Apply(z) : z;
        }
        return h;
    }

    /// <summary>One dense layer under a parameterization (Jacot et al. 2018 for NTK; He/LeCun for standard).</summary>
    internal static DenseLayer CreateDense(string name, int fanIn, int fanOut, Parameterization parameterization,
        double sigma, bool bias, double biasStd, ScalarType dtype, Device? device) =>
        parameterization == Parameterization.Ntk
            ? new DenseLayer(name, fanIn, fanOut, bias, weightMultiplier: sigma / Math.Sqrt(fanIn), initStd: 1.0,
                biasMultiplier: biasStd, biasInitStd: 1.0, dtype: dtype, device: device)
            : new DenseLayer(name, fanIn, fanOut, bias, weightMultiplier: 1.0, initStd: sigma / Math.Sqrt(fanIn),
                biasMultiplier: 1.0, biasInitStd: 0.0, dtype: dtype, device: device);
}

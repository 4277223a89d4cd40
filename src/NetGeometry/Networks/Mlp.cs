using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A fully connected network d -> widths[0] -> ... -> widths[L-2] -> o with one activation between dense layers and
/// a linear output, in NTK or standard parameterization (see <see cref="Parameterization"/>). Layers are named
/// "layer1" .. "layerL", the last being the output layer. An <see cref="OutputActivation"/> other than Identity puts a
/// non-linearity on the output, f = phi(z_L): the non-linear output layer of Liu, Zhu &amp; Belkin (NeurIPS 2020,
/// Sec. 4), whose output Hessian does not vanish with width. With an <see cref="OptPlan"/> the layers it covers are
/// <see cref="OptDenseLayer"/>s (same scaling, W = V Q^T), the others <see cref="DenseLayer"/>s.
/// </summary>
public sealed class Mlp : NetworkBase
{
    /// <summary>
    /// An MLP with one hidden layer per entry of <paramref name="hiddenWidths"/>, its weights at zero until
    /// <see cref="INetwork.Initialize"/> draws them. <paramref name="weightStd"/> is sigma_w for every layer (null: 1 under
    /// NTK parameterization and on the output layer, the activation's He gain otherwise); <paramref name="biasStd"/> is
    /// beta, the bias multiplier under NTK parameterization.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not float64, or a size is not positive.</exception>
    public Mlp(int inputDim, IReadOnlyList<int> hiddenWidths, int outputDim, Activation activation = Activation.Relu,
        Parameterization parameterization = Parameterization.Standard, bool bias = true, double? weightStd = null,
        double biasStd = 0.1, ScalarType dtype = ScalarType.Float64, Device? device = null, OptPlan? opt = null,
        Activation outputActivation = Activation.Identity)
        : base("mlp", inputDim, outputDim, dtype)
    {
        Activation = activation; Parameterization = parameterization; OutputActivation = outputActivation;
        var sizes = new List<int> { inputDim };
        sizes.AddRange(hiddenWidths);
        sizes.Add(outputDim);
        var layers = new List<Layer>();
        for (int l = 0; l + 1 < sizes.Count; l++)
        {
            bool isOutput = l + 2 == sizes.Count;
            double sigma = weightStd ?? (parameterization == Parameterization.Ntk || isOutput ? 1.0 : activation.HeGain());
            layers.Add(CreateLinear($"layer{l + 1}", sizes[l], sizes[l + 1], isOutput, parameterization, sigma, bias, biasStd, dtype, device, opt));
        }
        Layers = layers;
        RegisterLayers();
    }

    /// <summary>The non-linearity between dense layers.</summary>
    public Activation Activation { get; }
    /// <summary>How the dense layers scale their weights.</summary>
    public Parameterization Parameterization { get; }
    /// <summary>phi on the output, f = phi(z_L); Identity (the default) is a linear output layer.</summary>
    public Activation OutputActivation { get; }
    /// <summary>The weight layers, DenseLayer or OptDenseLayer, in forward order.</summary>
    public override IReadOnlyList<Layer> Layers { get; }

    /// <summary>Every layer but the last feeds the activation; the last feeds <see cref="OutputActivation"/> when it
    /// is not the identity.</summary>
    public override Activation? ActivationOf(Layer layer)
    {
        int index = Layers.ToList().IndexOf(layer);
        if (index < 0) return null;
        if (index + 1 < Layers.Count) return Activation;
        return OutputActivation == Activation.Identity ? null : OutputActivation;
    }

    /// <inheritdoc />
    protected override Tensor ForwardChecked(Tensor x, ForwardTrace? trace)
    {
        var h = x;
        for (int l = 0; l < Layers.Count; l++)
        {
            var z = Linear(Layers[l], h, trace);
            h = l + 1 < Layers.Count ? Activation.Apply(z) : OutputActivation.Apply(z);
        }
        return h;
    }

    /// <summary>One dense layer under a parameterization (Jacot et al. 2018 for NTK; He/LeCun for standard).</summary>
    internal static DenseLayer CreateDense(string name, int fanIn, int fanOut, Parameterization parameterization,
        double sigma, bool bias, double biasStd, ScalarType dtype, Device? device)
    {
        var s = DenseScaling.For(parameterization, sigma, fanIn, biasStd);
        return new DenseLayer(name, fanIn, fanOut, bias, s.WeightMultiplier, s.InitStd, s.BiasMultiplier, s.BiasInitStd,
            dtype: dtype, device: device);
    }

    /// <summary>A dense layer, or the OPT layer that replaces it when the plan covers it.</summary>
    internal static Layer CreateLinear(string name, int fanIn, int fanOut, bool isOutput, Parameterization parameterization,
        double sigma, bool bias, double biasStd, ScalarType dtype, Device? device, OptPlan? opt) =>
        opt is not null && opt.Covers(name, isOutput)
            ? new OptDenseLayer(name, fanIn, fanOut, bias, DenseScaling.For(parameterization, sigma, fanIn, biasStd),
                opt.Method.CreateOrthogonalizer(), opt.StochasticFraction, dtype, device)
            : CreateDense(name, fanIn, fanOut, parameterization, sigma, bias, biasStd, dtype, device);
}

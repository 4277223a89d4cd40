using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A residual MLP: an input projection x_0 = P x (layer "input", d -> width, linear), blocks
/// x_{k+1} = x_k + h * act(W_k x_k) (layers "block1".."blockB", width -> width) with step h = 1/B by default, so the
/// blocks discretize a flow (Dong &amp; Zhou's residual networks as paths), and a linear head (layer "output").
/// </summary>
public sealed class ResidualMlp : NetworkBase
{
    /// <summary>
    /// A residual MLP of <paramref name="blocks"/> blocks, its weights at zero until <see cref="INetwork.Initialize"/>
    /// draws them. <paramref name="step"/> is h (null: 1/B); <paramref name="weightStd"/> is sigma_w for every layer
    /// (null: the activation's He gain for the blocks under standard parameterization, 1 otherwise); <paramref name="biasStd"/>
    /// is beta, the bias multiplier under NTK parameterization.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="blocks"/> is below 1, <paramref name="dtype"/> is not float64, or
    /// a size is not positive.</exception>
    public ResidualMlp(int inputDim, int width, int blocks, int outputDim, Activation activation = Activation.Relu,
        Parameterization parameterization = Parameterization.Standard, bool bias = true, double? step = null,
        double? weightStd = null, double biasStd = 0.1, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base("residual-mlp", inputDim, outputDim, dtype)
    {
        if (blocks < 1) throw new ArgumentException("a residual MLP needs at least one block.");
        Activation = activation; Parameterization = parameterization;
        Step = step ?? 1.0 / blocks;
        double hidden = weightStd ?? (parameterization == Parameterization.Ntk ? 1.0 : activation.HeGain());
        double linear = weightStd ?? 1.0;
        Input = Mlp.CreateDense("input", inputDim, width, parameterization, linear, bias, biasStd, dtype, device);
        Blocks = Enumerable.Range(1, blocks)
            .Select(k => Mlp.CreateDense($"block{k}", width, width, parameterization, hidden, bias, biasStd, dtype, device))
            .ToList();
        Output = Mlp.CreateDense("output", width, outputDim, parameterization, linear, bias, biasStd, dtype, device);
        Layers = new Layer[] { Input }.Concat(Blocks).Append(Output).ToList();
        RegisterLayers();
    }

    /// <summary>act in each block's x + h act(W x).</summary>
    public Activation Activation { get; }
    /// <summary>How the dense layers scale their weights.</summary>
    public Parameterization Parameterization { get; }
    /// <summary>h in x + h v(x).</summary>
    public double Step { get; }
    /// <summary>P, the linear input projection d -> width (layer "input").</summary>
    public DenseLayer Input { get; }
    /// <summary>W_1..W_B, the blocks' layers "block1".."blockB", width -> width.</summary>
    public IReadOnlyList<DenseLayer> Blocks { get; }
    /// <summary>The linear head width -> o (layer "output").</summary>
    public DenseLayer Output { get; }
    /// <summary><see cref="Input"/>, the <see cref="Blocks"/> and <see cref="Output"/>, in forward order.</summary>
    public override IReadOnlyList<Layer> Layers { get; }

    /// <summary>Only the blocks' outputs go through the activation (x + h act(W x)); input and output layers are linear.</summary>
    public override Activation? ActivationOf(Layer layer) => layer is DenseLayer dense && Blocks.Contains(dense) ? Activation : null;

    /// <inheritdoc />
    protected override Tensor ForwardChecked(Tensor x, ForwardTrace? trace)
    {
        var h = Dense(Input, x, trace);
        foreach (var block in Blocks)
            h = h.add(Activation.Apply(Dense(block, h, trace)), alpha: Held(Step));
        return Dense(Output, h, trace);
    }
}

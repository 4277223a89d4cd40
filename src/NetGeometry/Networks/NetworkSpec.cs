using NetGeometry.Engine;
using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A network described by plain values (what spec.json stores and the CLI parses). <see cref="Build"/> validates it
/// and reports a bad field as an <see cref="InputException"/>.
/// </summary>
public sealed record NetworkSpec
{
    /// <summary>two-layer-relu (Du et al.), mlp, residual-mlp, or cnn (<see cref="SmallCnn"/>).</summary>
    public string Model { get; init; } = "mlp";
    /// <summary>Hidden widths; for mlp, one width with <see cref="Depth"/> repeats it; for cnn, the dense layers after the conv stages.</summary>
    public int[] Widths { get; init; } = { 256 };
    /// <summary>mlp: the number of weight layers (hidden layers + 1) when one width is given; residual-mlp: blocks.</summary>
    public int? Depth { get; init; }
    /// <summary>The non-linearity between hidden layers: relu, tanh, softplus, gelu or identity.</summary>
    public string Activation { get; init; } = "relu";
    /// <summary>mlp: a non-linearity on the output, f = phi(z_L) (same names as <see cref="Activation"/>); null: a
    /// linear output layer.</summary>
    public string? OutputActivation { get; init; }
    /// <summary>ntk or standard (also sp): how dense layers scale their weights (<see cref="Networks.Parameterization"/>).</summary>
    public string Parameterization { get; init; } = "standard";
    /// <summary>Whether dense layers have biases.</summary>
    public bool Bias { get; init; } = true;
    /// <summary>sigma_w; null takes the parameterization's default.</summary>
    public double? WeightStd { get; init; }
    /// <summary>beta, the bias multiplier in NTK parameterization.</summary>
    public double BiasStd { get; init; } = 0.1;
    /// <summary>two-layer-relu: train the output signs a too (default: fixed, as in Du et al.).</summary>
    public bool TrainOutput { get; init; }
    /// <summary>residual-mlp: the step h in x + h v(x); null means 1/blocks.</summary>
    public double? Step { get; init; }
    /// <summary>cnn: the channels of the conv stages (null: 16, 32, 64); <see cref="Widths"/> are then the hidden
    /// dense layers between the last stage and the output (none when empty).</summary>
    public int[]? Channels { get; init; }
    /// <summary>OPT (Liu et al., CVPR 2021): the method that keeps each OPT layer's matrix orthogonal, one of
    /// gs, hr, ls, cp, exp, ns, ogd, or; null trains every layer normally. mlp and cnn only.</summary>
    public string? Opt { get; init; }
    /// <summary>The weight layers that are OPT layers (mlp: layer1..layerL; cnn: conv1.., dense1.., output); null:
    /// every weight layer except the output layer.</summary>
    public string[]? OptLayers { get; init; }
    /// <summary>S-OPT: the fraction of each OPT layer's input coordinates rotated per episode, in (0, 1); null: OPT.</summary>
    public double? SoptFraction { get; init; }

    /// <summary>The field of one of these properties as a run spec names it (network.widths), for error messages.</summary>
    internal static InputField Field(string property) => InputField.Of(property, "network");

    /// <summary>The values <see cref="Model"/> takes.</summary>
    internal static readonly string[] Models = { "two-layer-relu", "mlp", "residual-mlp", "cnn" };

    /// <summary>A cnn's channels when <see cref="Channels"/> is null.</summary>
    internal static readonly int[] DefaultChannels = { 16, 32, 64 };

    /// <summary>About the parameters (weights and biases) the spec asks for on <paramref name="inputDim"/> inputs,
    /// counted before <see cref="Build"/> allocates them; a cnn's 3x3 conv stages are counted, and its dense layers as
    /// if they took the image itself (an upper bound: the conv stages shrink it).</summary>
    private double EstimatedParameters(int inputDim, int outputDim)
    {
        var channels = Model == "cnn" ? Channels ?? DefaultChannels : [];
        double conv = channels.Zip(channels.Prepend(1), (c, previous) => (9.0 * previous + 1) * c).Sum();
        double[] sizes = Model switch
        {
            "two-layer-relu" => [inputDim, .. Widths, 1],
            "residual-mlp" => [inputDim, .. Enumerable.Repeat((double)Widths.FirstOrDefault(), (Depth ?? 4) + 1), outputDim],
            "mlp" when Depth is { } depth && Widths.Length == 1 => [inputDim, .. Enumerable.Repeat((double)Widths[0], depth - 1), outputDim],
            _ => [inputDim, .. Widths, outputDim],
        };
        return conv + sizes.Zip(sizes.Skip(1), (fanIn, fanOut) => (fanIn + 1) * fanOut).Sum();
    }

    /// <summary>The network the spec describes for <paramref name="inputDim"/> features and <paramref name="outputDim"/> targets,
    /// its weights at zero until <see cref="INetwork.Initialize"/> draws them.</summary>
    /// <exception cref="InputException">A field is invalid or does not fit the data, or the network would exceed the
    /// memory budget.</exception>
    public INetwork Build(int inputDim, int outputDim, ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        InputException.Require(Widths.Length > 0 || Model == "cnn", $"{Field(nameof(Widths))}: give at least one width.");
        InputException.Require(Widths.All(w => w > 0), $"{Field(nameof(Widths))} must be positive integers, got {string.Join(",", Widths)}.");
        InputException.Require(Depth is null or > 0, $"{Field(nameof(Depth))} must be a positive integer, got {Depth}.");
        InputException.Require(Channels is null || Model == "cnn", $"{Field(nameof(Channels))} applies to {Field(nameof(Model))} cnn only.");
        var activation = Networks.Activations.Parse(Activation);
        InputException.Require(OutputActivation is null || Model == "mlp", $"{Field(nameof(OutputActivation))} applies to {Field(nameof(Model))} mlp only, not {Model}.");
        var outputActivation = OutputActivation is null ? Networks.Activation.Identity : Networks.Activations.Parse(OutputActivation);
        var parameterization = Parameterization.ToLowerInvariant() switch
        {
            "ntk" => Networks.Parameterization.Ntk,
            "standard" or "sp" => Networks.Parameterization.Standard,
            _ => throw new InputException($"unknown parameterization '{Parameterization}': use ntk or standard."),
        };
        var opt = ResolveOpt();
        double parameters = EstimatedParameters(inputDim, outputDim);
        MemoryBudget.Require(8 * parameters, $"a network of about {parameters:G3} parameters");
        INetwork network;
        switch (Model)
        {
            case "two-layer-relu":
                InputException.Require(Widths.Length == 1, $"{Field(nameof(Model))} two-layer-relu takes one width (m).");
                InputException.Require(outputDim == 1, $"{Field(nameof(Model))} two-layer-relu has one output; the data have {outputDim} targets.");
                return new TwoLayerRelu(inputDim, Widths[0], TrainOutput, dtype, device);
            case "mlp":
                var hidden = Depth is { } depth
                    ? (Widths.Length == 1 ? Enumerable.Repeat(Widths[0], depth - 1).ToArray()
                        : Widths.Length == depth - 1 ? Widths
                        : throw new InputException($"{Field(nameof(Depth))} {depth} needs one width or {depth - 1} widths, got {Widths.Length}."))
                    : Widths;
                network = new Mlp(inputDim, hidden, outputDim, activation, parameterization, Bias, WeightStd, BiasStd, dtype, device, opt, outputActivation);
                break;
            case "residual-mlp":
                InputException.Require(Widths.Length == 1, $"{Field(nameof(Model))} residual-mlp takes one width (all blocks share it).");
                return new ResidualMlp(inputDim, Widths[0], Depth ?? 4, outputDim, activation, parameterization, Bias, Step,
                    WeightStd, BiasStd, dtype, device);
            case "cnn":
                network = BuildCnn(inputDim, outputDim, dtype, device, opt);
                break;
            default:
                throw new InputException($"unknown model '{Model}': use {string.Join(", ", Models)}.");
        }
        var unknown = (OptLayers ?? []).Except(network.Layers.OfType<OptLayer>().Select(l => l.Name)).ToList();
        if (unknown.Count == 0) return network;
        var weightLayers = string.Join(", ", network.Layers.Where(l => l is INeuronLayer).Select(l => l.Name));
        network.Dispose();
        throw new InputException($"{Field(nameof(OptLayers))}: no weight layer {string.Join(", ", unknown)} in this network; its weight layers are {weightLayers}.");
    }

    /// <summary>What OPT asks for, validated; null for a standard network.</summary>
    private OptPlan? ResolveOpt()
    {
        if (Opt is null)
        {
            InputException.Require(OptLayers is null && SoptFraction is null, $"{Field(nameof(OptLayers))} and {Field(nameof(SoptFraction))} need {Field(nameof(Opt))} METHOD.");
            return null;
        }
        InputException.Require(Model is "mlp" or "cnn", $"{Field(nameof(Opt))} applies to {Field(nameof(Model))} mlp or cnn, not {Model}.");
        InputException.Require(SoptFraction is null or (> 0 and < 1), $"{Field(nameof(SoptFraction))} must lie strictly between 0 and 1, got {SoptFraction}.");
        InputException.Require(OptLayers is null || OptLayers.Length > 0, $"{Field(nameof(OptLayers))}: name at least one layer.");
        return new OptPlan(OrthogonalMethods.Parse(Opt), OptLayers?.ToHashSet(), SoptFraction);
    }

    private SmallCnn BuildCnn(int inputDim, int outputDim, ScalarType dtype, Device? device, OptPlan? opt)
    {
        var channels = Channels ?? DefaultChannels;
        InputException.Require(channels.Length > 0 && channels.All(c => c > 0), $"{Field(nameof(Channels))} must be positive integers, e.g. 16,32,64.");
        int side = (int)Math.Round(Math.Sqrt(inputDim));
        InputException.Require(side * side == inputDim,
            $"{Field(nameof(Model))} cnn needs square one-channel images (e.g. Fashion-MNIST's 784 = 28 x 28); the data have {inputDim} features.");
        InputException.Require(SmallCnn.FeatureSide(side, channels.Length) >= 1,
            $"{Field(nameof(Channels))}: {channels.Length} stages each halve the {side} x {side} image to nothing; use at most {(int)Math.Log2(side)}.");
        return new SmallCnn(inputDim, channels, Widths, outputDim, dtype, device, opt);
    }
}

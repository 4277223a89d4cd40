using System.CommandLine;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;

namespace NetGeometry.Cli;

/// <summary>The options that describe a network (train, ntk, ...), read into a <see cref="NetworkSpec"/>.</summary>
public sealed class NetworkOptions
{
    public Option<string> Model { get; } = Options.Create("--model", $"Network family: {string.Join(", ", NetworkSpec.Models)}.", "mlp");
    public Option<string> Widths { get; } = Options.Create("--widths", "Hidden widths, e.g. 256 or 512,512 (two-layer-relu: m; cnn: dense layers after the conv stages, may be empty). Range: each 1 or more (bounded by --max-memory).", "256");
    public Option<int?> Depth { get; } = Options.Create<int?>("--depth", "mlp: weight layers when one width is given (e.g. --widths 512 --depth 3 is d-512-512-o); residual-mlp: blocks.");
    public Option<string> Activation { get; } = Options.Create("--activation", "relu, tanh, softplus, gelu or identity.", "relu");
    public Option<string?> OutputActivation { get; } = Options.Create<string?>("--output-activation", "mlp: a non-linearity on the output, f = phi(z_L) (relu, tanh, softplus, gelu); default none, a linear output layer.");
    public Option<string> Parameterization { get; } = Options.Create("--parameterization", "ntk (W ~ N(0,1), scaled by 1/sqrt(fan_in)) or standard (He init).", "standard");
    public Option<bool> NoBias { get; } = Options.Create<bool>("--no-bias", "Dense layers without biases.");
    public Option<bool> TrainOutput { get; } = Options.Create<bool>("--train-output", "two-layer-relu: train the output signs a too (default: fixed, as in Du et al.).");

    public Option<string?> Channels { get; } = Options.Create<string?>("--channels", "cnn: channels of the 3x3 conv stages, e.g. 16,32,64 (the default); --widths are then the dense layers after them. Range: each 1 or more.");
    public Option<string?> Opt { get; } = Options.Create<string?>("--opt", $"OPT (orthogonal over-parameterized training): the weight layers become W = V Q(R)^T with V frozen; method {string.Join(", ", OrthogonalMethods.Names)}.");
    public Option<string?> OptLayers { get; } = Options.Create<string?>("--opt-layers", "Which weight layers are OPT, e.g. layer1,layer2 or conv1,conv2 (default: all but the output layer).");
    public Option<double?> SoptFraction { get; } = Options.Create<double?>("--sopt-fraction", "S-OPT: rotate this fraction of each OPT layer's input coordinates per episode, in (0, 1).");

    /// <summary>Every option of the network, in the order help lists them.</summary>
    public IEnumerable<Option> All => [Model, Widths, Depth, Activation, OutputActivation, Parameterization, NoBias, TrainOutput, Channels, Opt, OptLayers, SoptFraction];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    public NetworkSpec Read(ParseResult parsed) => new()
    {
        Model = parsed.GetValue(Model)!,
        Widths = OptionParsing.IntList("--widths", parsed.GetValue(Widths)),
        Depth = parsed.GetValue(Depth),
        Activation = parsed.GetValue(Activation)!,
        OutputActivation = parsed.GetValue(OutputActivation),
        Parameterization = parsed.GetValue(Parameterization)!,
        Bias = !parsed.GetValue(NoBias),
        TrainOutput = parsed.GetValue(TrainOutput),
        Channels = parsed.GetValue(Channels) is { } c ? OptionParsing.IntList("--channels", c) : null,
        Opt = parsed.GetValue(Opt),
        OptLayers = OptionParsing.NameList(parsed.GetValue(OptLayers)),
        SoptFraction = parsed.GetValue(SoptFraction),
    };
}

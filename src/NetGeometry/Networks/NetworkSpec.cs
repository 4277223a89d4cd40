using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A network described by plain values (what spec.json stores and the CLI parses). <see cref="Build"/> validates it
/// and reports a bad field as an <see cref="InputException"/>.
/// </summary>
public sealed record NetworkSpec
{
    /// <summary>two-layer-relu (Du et al.), mlp, or residual-mlp.</summary>
    public string Model { get; init; } = "mlp";
    /// <summary>Hidden widths; for mlp, one width with <see cref="Depth"/> repeats it.</summary>
    public int[] Widths { get; init; } = { 256 };
    /// <summary>mlp: the number of weight layers (hidden layers + 1) when one width is given; residual-mlp: blocks.</summary>
    public int? Depth { get; init; }
    public string Activation { get; init; } = "relu";
    public string Parameterization { get; init; } = "standard";
    public bool Bias { get; init; } = true;
    /// <summary>sigma_w; null takes the parameterization's default.</summary>
    public double? WeightStd { get; init; }
    /// <summary>beta, the bias multiplier in NTK parameterization.</summary>
    public double BiasStd { get; init; } = 0.1;
    /// <summary>two-layer-relu: train the output signs a too (default: fixed, as in Du et al.).</summary>
    public bool TrainOutput { get; init; }
    /// <summary>residual-mlp: the step h in x + h v(x); null means 1/blocks.</summary>
    public double? Step { get; init; }

    public static readonly string[] Models = { "two-layer-relu", "mlp", "residual-mlp" };

    public INetwork Build(int inputDim, int outputDim, ScalarType dtype = ScalarType.Float64, Device? device = null)
    {
        InputException.Require(Widths.Length > 0, "--widths: give at least one width.");
        InputException.Require(Widths.All(w => w > 0), $"--widths must be positive integers, got {string.Join(",", Widths)}.");
        InputException.Require(Depth is null or > 0, $"--depth must be a positive integer, got {Depth}.");
        var activation = Networks.Activations.Parse(Activation);
        var parameterization = Parameterization.ToLowerInvariant() switch
        {
            "ntk" => Networks.Parameterization.Ntk,
            "standard" or "sp" => Networks.Parameterization.Standard,
            _ => throw new InputException($"unknown parameterization '{Parameterization}': use ntk or standard."),
        };
        switch (Model)
        {
            case "two-layer-relu":
                InputException.Require(Widths.Length == 1, "--model two-layer-relu takes one width (m).");
                InputException.Require(outputDim == 1, $"--model two-layer-relu has one output; the data have {outputDim} targets.");
                return new TwoLayerRelu(inputDim, Widths[0], TrainOutput, dtype, device);
            case "mlp":
                var hidden = Depth is { } depth
                    ? (Widths.Length == 1 ? Enumerable.Repeat(Widths[0], depth - 1).ToArray()
                        : Widths.Length == depth - 1 ? Widths
                        : throw new InputException($"--depth {depth} needs one width or {depth - 1} widths, got {Widths.Length}."))
                    : Widths;
                return new Mlp(inputDim, hidden, outputDim, activation, parameterization, Bias, WeightStd, BiasStd, dtype, device);
            case "residual-mlp":
                InputException.Require(Widths.Length == 1, "--model residual-mlp takes one width (all blocks share it).");
                return new ResidualMlp(inputDim, Widths[0], Depth ?? 4, outputDim, activation, parameterization, Bias, Step,
                    WeightStd, BiasStd, dtype, device);
            default:
                throw new InputException($"unknown model '{Model}': use {string.Join(", ", Models)}.");
        }
    }
}

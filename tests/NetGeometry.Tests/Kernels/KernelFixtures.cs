using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Kernels;

/// <summary>Small networks of every family (and one that is not all dense), and seeded inputs, for kernel tests.</summary>
public static class KernelFixtures
{
    public const int InputDim = 5;

    /// <summary>Named so that xunit shows which family failed.</summary>
    public static IEnumerable<object[]> Families() => Specs.Keys.Select(k => new object[] { k });

    private static readonly Dictionary<string, Func<INetwork>> Specs = new()
    {
        ["two-layer-relu"] = () => new TwoLayerRelu(InputDim, 30),
        ["two-layer-relu, a trained"] = () => new TwoLayerRelu(InputDim, 30, trainOutput: true),
        ["mlp relu ntk bias, 3 outputs"] = () => new Mlp(InputDim, new[] { 12, 9 }, 3, Activation.Relu, Parameterization.Ntk),
        ["mlp tanh standard, 2 outputs"] = () => new Mlp(InputDim, new[] { 10 }, 2, Activation.Tanh, Parameterization.Standard),
        ["mlp gelu ntk no bias"] = () => new Mlp(InputDim, new[] { 8, 8, 8 }, 1, Activation.Gelu, Parameterization.Ntk, bias: false),
        ["residual-mlp softplus, 2 outputs"] = () => new ResidualMlp(InputDim, 8, 3, 2, Activation.Softplus, Parameterization.Ntk),
        ["gain network (not all dense), 2 outputs"] = () => new GainNetwork(InputDim, 9, 2),
    };

    public static INetwork Network(string family, long seed = 3)
    {
        var net = Specs[family]();
        net.Initialize(seed);
        return net;
    }

    public static Tensor Inputs(long n, long seed, int dim = InputDim)
    {
        using var g = Seeds.Generator(seed);
        return randn(n, dim, generator: g, dtype: float64);
    }

    /// <summary>Rows drawn uniformly on the unit sphere S^(d-1).</summary>
    public static Tensor UnitInputs(long n, long seed, int dim = InputDim)
    {
        using var x = Inputs(n, seed, dim);
        return x.div(x.norm(1, keepdim: true));
    }

    public static double RelativeError(Tensor actual, Tensor expected)
    {
        using var diff = actual.sub(expected);
        return diff.norm().item<double>() / expected.norm().item<double>();
    }
}

/// <summary>
/// A network with a layer that is not dense: f(x) = out(g o relu(hidden(x))) with a trained per-unit gain g.
/// The structured NTK does not apply to it; the Jacobian and vector-product routes must.
/// </summary>
public sealed class GainNetwork : NetworkBase
{
    public GainNetwork(int inputDim, int width, int outputs) : base("gain-network", inputDim, outputs, ScalarType.Float64)
    {
        Hidden = new DenseLayer("hidden", inputDim, width, bias: true, weightMultiplier: 1 / Math.Sqrt(inputDim), initStd: 1, biasInitStd: 1);
        Gain = new GainLayer("gain", width);
        Output = new DenseLayer("output", width, outputs, bias: false, weightMultiplier: 1 / Math.Sqrt(width), initStd: 1);
        Layers = new Layer[] { Hidden, Gain, Output };
        RegisterLayers();
    }

    public DenseLayer Hidden { get; }
    public GainLayer Gain { get; }
    public DenseLayer Output { get; }
    public override IReadOnlyList<Layer> Layers { get; }

    protected override Tensor ForwardChecked(Tensor x, ForwardTrace? trace) =>
        Dense(Output, Gain.call(nn.functional.relu(Dense(Hidden, x, trace))), trace);
}

public sealed class GainLayer : Layer
{
    public GainLayer(string name, int width) : base(name)
    {
        Value = NewParameter("gain", ones(width, dtype: float64));
        Parameters = new[] { new NamedParameter(name, "gain", Value) };
    }

    public override Tensor forward(Tensor h) => h.mul(Value);

    public Tensor Value { get; }
    public override IReadOnlyList<NamedParameter> Parameters { get; }

    public override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        using var draw = rand(Value.shape, generator: generator, dtype: float64);
        Value.copy_(draw.add_(Held(0.5), Held(1)));
    }
}

using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// An NTK request checked before any autograd call (an error inside libtorch's grad aborts the process): inputs that
/// are non-empty n x d matrices of finite values with d the network's input size, layers that exist and are trained,
/// a method the network allows, sane block sizes. Bad input throws an <see cref="InputException"/> saying what to do.
/// </summary>
internal sealed class NtkRequest
{
    private NtkRequest(INetwork network, IReadOnlyList<Layer> layers, NtkMethod method, NtkOptions options)
    {
        Network = network; Layers = layers; Method = method; Options = options;
    }

    public INetwork Network { get; }
    /// <summary>The layers whose parameters count, in forward order.</summary>
    public IReadOnlyList<Layer> Layers { get; }
    /// <summary>The method to use (never Auto).</summary>
    public NtkMethod Method { get; }
    public NtkOptions Options { get; }
    public long Outputs => Network.OutputDim;
    /// <summary>1 for a traced kernel, o for a full one: the output axis each example contributes to the kernel.</summary>
    public long OutputRows => Options.Output == NtkOutput.Full ? Network.OutputDim : 1;

    public IReadOnlyList<DenseLayer> DenseLayers => Layers.Cast<DenseLayer>().ToList();

    public IReadOnlyList<Tensor> Parameters => Layers.SelectMany(l => l.Parameters).Where(p => p.Trainable).Select(p => p.Value).ToList();

    public static NtkRequest Check(INetwork network, NtkOptions options, params Tensor?[] inputs)
    {
        foreach (var x in inputs) CheckInputs(network, x);
        InputException.Require(options.BlockRows >= 1, $"the NTK block size must be a positive number of rows, got {options.BlockRows}.");
        InputException.Require(options.DType is ScalarType.Float64 or ScalarType.Float32,
            $"the NTK is computed in float64 or float32, not {options.DType}.");
        var layers = ChooseLayers(network, options.Layers);
        var method = options.Method switch
        {
            NtkMethod.Auto => EmpiricalNtk.Resolve(network, NtkMethod.Auto),
            NtkMethod.Structured when !network.IsDenseOnly() => throw new InputException(
                $"the structured NTK needs a network made of dense layers only, and {network.Family} has " +
                $"{string.Join(", ", network.Layers.Where(l => l is not DenseLayer).Select(l => $"{l.Name} ({l.GetType().Name})"))}; use the jacobian or auto method."),
            var m => m,
        };
        return new NtkRequest(network, layers, method, options);
    }

    /// <summary>The inputs in the network's dtype and on its device (a new handle the caller disposes).</summary>
    public Tensor Prepare(Tensor x) => x.to(Network.DType, Network.AllParameters().First().Value.device);

    private static void CheckInputs(INetwork network, Tensor? x)
    {
        if (x is null) return;
        InputException.Require(x.dim() == 2,
            $"NTK inputs must be a matrix of n examples x {network.InputDim} features, got shape [{string.Join(", ", x.shape)}].");
        InputException.Require(x.shape[0] > 0, "the NTK needs at least one example, and the inputs are empty; give a non-empty dataset.");
        InputException.Require(x.shape[1] == network.InputDim,
            $"the inputs have {x.shape[1]} features but the {network.Family} network takes {network.InputDim}; give inputs of width {network.InputDim} or build the network for {x.shape[1]}.");
        InputException.Require(x.is_floating_point(), $"NTK inputs must be floating point, got {x.dtype}.");
        using var finite = x.isfinite().all();
        InputException.Require(finite.item<bool>(), "the NTK inputs contain NaN or infinite values; clean or standardize the data first.");
    }

    private static IReadOnlyList<Layer> ChooseLayers(INetwork network, IReadOnlyList<string>? names)
    {
        var trained = network.Layers.Where(l => l.Trainable).ToList();
        var available = string.Join(", ", trained.Select(l => l.Name));
        InputException.Require(trained.Count > 0, $"the {network.Family} network has no trained layer, so its tangent kernel is zero.");
        if (names is null) return trained;
        InputException.Require(names.Count > 0, $"choose at least one layer for the NTK, among {available}.");
        foreach (var name in names)
        {
            var layer = network.Layers.FirstOrDefault(l => l.Name == name);
            InputException.Require(layer is not null, $"the {network.Family} network has no layer '{name}'; choose among {available}.");
            InputException.Require(layer!.Trainable, $"layer '{name}' is fixed (not trained), so it adds nothing to the NTK; choose among {available}.");
        }
        InputException.Require(names.Distinct().Count() == names.Count, $"a layer is named twice in '{string.Join(",", names)}'; name each once.");
        return trained.Where(l => names.Contains(l.Name)).ToList();
    }
}

using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// An NTK request on a <see cref="Model"/>, checked before any autograd call (an error inside libtorch's grad aborts the
/// process): inputs that are non-empty and finite, with a first dimension indexing the examples, that the model can
/// take; layers that exist and are measured; a method the model allows; sane block sizes. Bad input throws an
/// <see cref="InputException"/> saying what to do. Built-in networks come here through their model
/// (<see cref="NetworkExtensions.AsModel"/>), after a check of their input width.
/// </summary>
internal sealed class NtkRequest
{
    private NtkRequest(Model model, IReadOnlyList<ModelLayer> layers, IReadOnlyList<LinearModule>? linear, NtkMethod method,
        NtkOptions options, long outputs)
    {
        Model = model; Layers = layers; Linear = linear; Method = method; Options = options; Outputs = outputs;
        Parameters = layers.SelectMany(l => l.Parameters).Select(name => model.Parameters.First(p => p.Name == name).Value).ToList();
    }

    public Model Model { get; }
    /// <summary>The layers whose parameters count, in theta's order.</summary>
    public IReadOnlyList<ModelLayer> Layers { get; }
    /// <summary>The linear modules of those layers, when the structured method is used.</summary>
    public IReadOnlyList<LinearModule>? Linear { get; }
    /// <summary>The method to use (never Auto).</summary>
    public NtkMethod Method { get; }
    public NtkOptions Options { get; }
    /// <summary>o: the outputs per example.</summary>
    public long Outputs { get; }
    /// <summary>1 for a traced kernel, o for a full one: the output axis each example contributes to the kernel.</summary>
    public long OutputRows => Options.Output == NtkOutput.Full ? Outputs : 1;
    /// <summary>The measured parameter tensors of the chosen layers.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>f(x) as n x o (a model with one output per example may return a vector).</summary>
    public Tensor Forward(Tensor x)
    {
        var f = Model.Forward(x);
        return f.dim() == 2 ? f : f.reshape(x.shape[0], -1);
    }

    /// <summary>The inputs in the model's dtype and on its device (a new handle the caller disposes).</summary>
    public Tensor Prepare(Tensor x) => x.to(Model.DType, Model.Device);

    /// <summary>A built-in network's request: its inputs must be n x InputDim; then as any model.</summary>
    public static NtkRequest Check(INetwork network, NtkOptions options, params Tensor?[] inputs)
    {
        foreach (var x in inputs.OfType<Tensor>())
        {
            InputException.Require(x.dim() == 2,
                $"NTK inputs must be a matrix of n examples x {network.InputDim} features, got shape [{string.Join(", ", x.shape)}].");
            InputException.Require(x.shape[1] == network.InputDim,
                $"the inputs have {x.shape[1]} features but the {network.Family} network takes {network.InputDim}; give inputs of width {network.InputDim} or build the network for {x.shape[1]}.");
        }
        InputException.Require(network.TrainableEntries().Any(), $"the {network.Family} network has no trained layer, so its tangent kernel is zero.");
        return Check(network.AsModel(), options, inputs);
    }

    public static NtkRequest Check(Model model, NtkOptions options, params Tensor?[] inputs)
    {
        foreach (var x in inputs) CheckInputs(x);
        InputException.Require(options.BlockRows >= 1, $"the NTK block size must be a positive number of rows, got {options.BlockRows}.");
        InputException.Require(options.DType is ScalarType.Float64 or ScalarType.Float32,
            $"the NTK is computed in float64 or float32, not {options.DType}.");
        var layers = ChooseLayers(model, options.Layers);
        string reason = "the jacobian method was asked for";
        var linear = options.Method == NtkMethod.Jacobian ? null : LinearModule.Find(model, layers, out reason);
        // One example through the model: its outputs per example, and whether each linear layer ran once on rows.
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var first = inputs[0]!.narrow(0, 0, 1).to(model.DType, model.Device);
        var (output, capture) = linear is null
            ? (model.Forward(first), null)
            : LinearCapture.Run(linear, model.Forward, first);
        long outputs = output.numel();
        var problem = capture?.Problem(1);
        if (options.Method == NtkMethod.Structured && (linear is null || problem is not null))
            throw new InputException(
                $"the structured NTK needs a model whose measured layers are dense layers only (nn.Linear or DenseLayer), each applied once " +
                $"per example to a matrix of rows, and {problem ?? reason}; use the jacobian or auto method.");
        var method = linear is not null && problem is null ? NtkMethod.Structured : NtkMethod.Jacobian;
        return new NtkRequest(model, layers, method == NtkMethod.Structured ? linear : null, method, options, outputs);
    }

    /// <summary>The method <see cref="NtkMethod.Auto"/> picks for a model by its module types: structured when every
    /// measured layer is a linear module (a module that then runs other than once on rows falls back to Jacobian).</summary>
    public static NtkMethod Resolve(Model model, NtkMethod method, IReadOnlyList<string>? layers) =>
        method != NtkMethod.Auto ? method
            : LinearModule.Find(model, ChooseLayers(model, layers), out _) is null ? NtkMethod.Jacobian : NtkMethod.Structured;

    private static void CheckInputs(Tensor? x)
    {
        if (x is null) return;
        InputException.Require(x.dim() >= 1 && x.shape[0] > 0, "the NTK needs at least one example, and the inputs are empty; give a non-empty dataset.");
        InputException.Require(x.is_floating_point(), $"NTK inputs must be floating point, got {x.dtype}.");
        using var finite = x.isfinite().all();
        InputException.Require(finite.item<bool>(), "the NTK inputs contain NaN or infinite values; clean or standardize the data first.");
    }

    private static IReadOnlyList<ModelLayer> ChooseLayers(Model model, IReadOnlyList<string>? names)
    {
        var available = string.Join(", ", model.Layers.Select(l => LinearModule.Display(l.Name)));
        if (names is null) return model.Layers;
        InputException.Require(names.Count > 0, $"choose at least one layer for the NTK, among {available}.");
        foreach (var name in names)
        {
            if (model.Layers.Any(l => l.Name == name)) continue;
            bool fixedLayer = model.Module.named_modules().Any(m => m.name == name && m.module.parameters(false).Any());
            InputException.Require(!fixedLayer, $"layer '{name}' is fixed (not trained), so it adds nothing to the NTK; choose among {available}.");
            throw new InputException($"the model has no layer '{name}'; choose among {available}.");
        }
        InputException.Require(names.Distinct().Count() == names.Count, $"a layer is named twice in '{string.Join(",", names)}'; name each once.");
        return model.Layers.Where(l => names.Contains(l.Name)).ToList();
    }
}

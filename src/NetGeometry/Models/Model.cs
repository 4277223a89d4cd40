using System.Runtime.InteropServices;
using NetGeometry.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// One measured parameter tensor of a <see cref="Model"/>: its full name in the module ("0.weight", "encoder.fc.bias"),
/// the layer that owns it directly (the name without its last part; "" for a parameter of the root module), the tensor
/// itself (it requires grad), and where its flattened values sit in the parameter vector theta.
/// </summary>
/// <param name="Name">The full name in the module, as named_parameters gives it.</param>
/// <param name="Layer">The module that owns it directly: the name without its last part ("" for the root module).</param>
/// <param name="Value">The module's own parameter tensor (not a copy).</param>
/// <param name="Offset">The index of its first value in theta.</param>
/// <param name="Length">Its number of values (numel).</param>
public sealed record ModelParameter(string Name, string Layer, Tensor Value, long Offset, long Length)
{
    /// <summary>The tensor's shape.</summary>
    public long[] Shape => Value.shape;
}

/// <summary>
/// A layer of a <see cref="Model"/>: a module that owns measured parameters directly (nngeometry's
/// <c>LayerCollection.from_model</c> unit), with its parameters' names in module order and the index range
/// [Offset, Offset + Length) its parameters take in theta (a layer's parameters are always contiguous there).
/// </summary>
/// <param name="Name">The module's full name ("4", "encoder.fc"; "" for the root module).</param>
/// <param name="Parameters">The full names of its measured parameters, in module order.</param>
/// <param name="Offset">The index of its first value in theta.</param>
/// <param name="Length">The number of values its measured parameters hold.</param>
public sealed record ModelLayer(string Name, IReadOnlyList<string> Parameters, long Offset, long Length);

/// <summary>
/// Any TorchSharp module with one tensor in and one out (<c>nn.Module&lt;Tensor, Tensor&gt;</c>, or a TorchScript
/// <c>jit.ScriptModule&lt;Tensor, Tensor&gt;</c>; both are <c>nn.IModule&lt;Tensor, Tensor&gt;</c>) as a function f(x; theta) of a chosen set of its
/// parameters: a <c>Sequential</c> or custom module a user wrote, or a TorchScript module (<see cref="TorchScriptFile"/>).
/// The measured parameters are all trainable ones (requires_grad) by default, or those selected by exact name or
/// by layer prefix, in the module's own named_parameters order (grouped by layer if a module interleaves two layers'
/// parameters); theta lays them end to end (flattened, row-major), as PyTorch's <c>parameters_to_vector</c> does.
/// Layers are the modules that own measured parameters directly (a parameter's name without its last part). Inputs
/// may have any rank (n x d, n x C x H x W, ...): the first dimension indexes the examples.
/// The module is converted to float64 (every measurement here is in double precision) and put in evaluation mode
/// (batch norm uses its running statistics, dropout is off), so f is a fixed function of theta.
/// </summary>
public sealed class Model : IDisposable
{
    private readonly bool ownsModule;

    private Model(nn.Module module, IReadOnlyList<ModelParameter> parameters, bool ownsModule)
    {
        Module = module;
        Parameters = parameters;
        Tensors = parameters.Select(p => p.Value).ToList();
        Dimension = parameters.Sum(p => p.Length);
        Layers = parameters.GroupBy(p => p.Layer)
            .Select(g => new ModelLayer(g.Key, g.Select(p => p.Name).ToList(), g.First().Offset, g.Sum(p => p.Length)))
            .ToList();
        this.ownsModule = ownsModule;
    }

    /// <summary>The module itself (float64, evaluation mode).</summary>
    public nn.Module Module { get; }

    /// <summary>The measured parameters in theta's order.</summary>
    public IReadOnlyList<ModelParameter> Parameters { get; }

    /// <summary>The measured parameter tensors in theta's order (each requires grad): what autograd differentiates.</summary>
    public IReadOnlyList<Tensor> Tensors { get; }

    /// <summary>The layers owning measured parameters, in the order their parameters first appear.</summary>
    public IReadOnlyList<ModelLayer> Layers { get; }

    /// <summary>The length of theta.</summary>
    public long Dimension { get; }

    /// <summary>float64 always.</summary>
    public ScalarType DType => ScalarType.Float64;

    /// <summary>The device of the parameters.</summary>
    public Device Device => Parameters[0].Value.device;

    /// <summary>
    /// Wraps a module. <paramref name="select"/> names the parameters to measure: each entry is a parameter's exact name
    /// ("4.weight") or a layer prefix ("4" or "encoder" takes every parameter under it); null or empty takes every
    /// trainable parameter. An entry that matches nothing is an <see cref="InputException"/> listing the available
    /// names. The model does not own the module unless <paramref name="ownsModule"/> is set.
    /// </summary>
    public static Model FromModule<TModule>(TModule module, IEnumerable<string>? select = null, bool ownsModule = false)
        where TModule : nn.Module, nn.IModule<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(module);
        AsDouble(module);
        module.eval();
        var all = module.named_parameters().ToList();
        var chosen = Select(all, select?.ToList() ?? []);
        var parameters = new List<ModelParameter>();
        long offset = 0;
        foreach (var (name, value) in chosen)
        {
            int dot = name.LastIndexOf('.');
            parameters.Add(new ModelParameter(name, dot < 0 ? "" : name[..dot], value, offset, value.numel()));
            offset += value.numel();
        }
        // Layers have to be contiguous in theta: a module that interleaves two layers' parameters is re-grouped by layer.
        var grouped = parameters.GroupBy(p => p.Layer).SelectMany(g => g).ToList();
        if (!grouped.Select(p => p.Name).SequenceEqual(parameters.Select(p => p.Name)))
        {
            offset = 0;
            parameters = grouped.Select(p => { var q = p with { Offset = offset }; offset += p.Length; return q; }).ToList();
        }
        return new Model(module, parameters, ownsModule);
    }

    private static List<(string Name, Tensor Value)> Select(List<(string name, TorchSharp.Modules.Parameter parameter)> all,
        List<string> select)
    {
        if (select.Count == 0)
        {
            var trainable = all.Where(p => p.parameter.requires_grad).Select(p => (p.name, Held(p.parameter))).ToList();
            InputException.Require(trainable.Count > 0, "the model has no trainable parameter, so it has no parameter space to measure.");
            return trainable;
        }
        foreach (var entry in select)
            InputException.Require(all.Any(p => Matches(p.name, entry)),
                $"the model has no parameter or layer '{entry}'; its parameters are {string.Join(", ", all.Select(p => p.name))}.");
        var chosen = all.Where(p => select.Any(s => Matches(p.name, s))).ToList();
        var frozen = chosen.FirstOrDefault(p => !p.parameter.requires_grad);
        InputException.Require(frozen.name is null, $"the parameter '{frozen.name}' does not require grad, so it cannot be measured.");
        return chosen.Select(p => (p.name, Held(p.parameter))).ToList();
    }

    /// <summary>
    /// The parameter, out of any dispose scope: a TorchScript module's parameter wrappers are made (and registered on
    /// the current scope) when it loads, and must outlive that scope as the module does.
    /// </summary>
    private static Tensor Held(TorchSharp.Modules.Parameter parameter) => parameter.DetachFromDisposeScope();

    private static bool Matches(string name, string entry) => name == entry || name.StartsWith(entry + ".", StringComparison.Ordinal);

    private static void AsDouble(nn.Module module)
    {
        bool single = module.named_parameters().Any(p => p.parameter.is_floating_point() && p.parameter.dtype != ScalarType.Float64)
            || module.named_buffers().Any(b => b.buffer.is_floating_point() && b.buffer.dtype != ScalarType.Float64);
        if (single) module.to(ScalarType.Float64);
    }

    /// <summary>
    /// f(x): the module applied to inputs of any rank whose first dimension indexes the examples; floating inputs are
    /// converted to float64. Inputs the module cannot take (a shape that does not fit) are an <see cref="InputException"/>
    /// carrying libtorch's first line, not a native abort.
    /// </summary>
    public Tensor Forward(Tensor inputs)
    {
        InputException.Require(inputs.dim() >= 1 && inputs.shape[0] > 0, "the model needs at least one example (inputs with a first dimension of at least 1).");
        InputException.Require(inputs.is_floating_point(), $"the model's inputs must be floating point, got {inputs.dtype}.");
        using var converted = inputs.dtype == DType ? null : inputs.to(DType);
        try
        {
            return ((nn.IModule<Tensor, Tensor>)Module).call(converted ?? inputs);
        }
        catch (ExternalException e)
        {
            throw new InputException($"the model fails on inputs of shape [{string.Join(", ", inputs.shape)}]: {Reason(e.Message)}");
        }
    }

    /// <summary>
    /// The line of a libtorch message that says what went wrong: its first line, or, when the TorchScript interpreter
    /// failed, the last line under its tracebacks ("RuntimeError: mat1 and mat2 shapes cannot be multiplied ...").
    /// </summary>
    internal static string Reason(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) return "(no message)";
        return lines[0].StartsWith("The following operation failed in the TorchScript interpreter", StringComparison.Ordinal) ? lines[^1] : lines[0];
    }

    /// <summary>The layer's index range in theta; an unknown layer is an <see cref="InputException"/> naming the layers.</summary>
    public ModelLayer Layer(string name) =>
        Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new InputException($"the model has no measured layer '{name}'; its layers are {string.Join(", ", Layers.Select(l => $"'{l.Name}'"))}.");

    /// <summary>Tensors shaped like the measured parameters, laid end to end in one new vector of length Dimension.</summary>
    public Tensor Flatten(IReadOnlyList<Tensor> parts)
    {
        if (parts.Count != Parameters.Count) throw new ArgumentException($"{parts.Count} tensors for {Parameters.Count} parameters.");
        using var scope = NewDisposeScope();
        return cat(parts.Select(p => p.reshape(-1)).ToList(), 0).MoveToOuterDisposeScope();
    }

    /// <summary>theta: the current parameter values as one detached vector.</summary>
    public Tensor Values()
    {
        using var _ = no_grad();
        return Flatten(Tensors);
    }

    /// <summary>Views of v (no copy), one per measured parameter and shaped like it; v must be a float64 vector of length Dimension.</summary>
    public Tensor[] Split(Tensor v)
    {
        if (v.dim() != 1 || v.shape[0] != Dimension || v.dtype != DType)
            throw new ArgumentException($"a parameter-space vector must be {DType} of shape [{Dimension}], got {v.dtype} [{string.Join(", ", v.shape)}].");
        return Parameters.Select(p => v.narrow(0, p.Offset, p.Length).view(p.Shape)).ToArray();
    }

    /// <summary>
    /// d s / d theta for a scalar s computed from the measured parameters, one tensor per parameter (zeros for a parameter
    /// s does not reach), through <see cref="Autograd"/>; with <paramref name="createGraph"/> the result keeps its graph
    /// (and s's graph is retained) for a second backward pass.
    /// </summary>
    public Tensor[] Differentiate(Tensor scalar, bool createGraph = false)
    {
        var grads = Autograd.Grad(new[] { scalar }, Tensors, createGraph: createGraph, allowUnused: true);
        return grads.Select((g, j) => g.IsInvalid ? zeros_like(Tensors[j]) : g).ToArray();
    }

    /// <summary>Disposes the module if the model owns it (a loaded file's module).</summary>
    public void Dispose()
    {
        if (ownsModule) Module.Dispose();
    }
}

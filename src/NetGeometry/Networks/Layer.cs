using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// One parameter tensor of a layer, with its layer's name and its own ("weight", "bias"). Trainable = false marks
/// state that is saved, restored and checkpointed with the parameters but never trained: an OPT layer's frozen
/// neurons V and S-OPT subset, batch norm's running statistics.
/// </summary>
public sealed record NamedParameter(string Layer, string Name, Tensor Value, bool Trainable = true)
{
    /// <summary>"layer.name" (e.g. "layer1.weight"): the tensor's key in snapshots, checkpoints and
    /// <c>named_parameters</c>.</summary>
    public string Key => $"{Layer}.{Name}";
}

/// <summary>
/// A named layer of a network: what re-initialization, per-layer distances and per-layer kernels work on.
/// "Layer" means one weight matrix (or filter bank) with its bias, as in Zhang, Bengio &amp; Singer. A layer is an
/// ordinary TorchSharp module (<c>forward</c> computes it; <c>call</c> also runs its hooks): its trainable tensors are
/// registered as parameters (a fixed layer's as parameters that do not require grad), the rest of its state
/// (<see cref="NamedParameter.Trainable"/> = false) as buffers, under the same names, so <c>named_parameters</c> of a
/// network gives exactly the keys of <see cref="NamedParameter"/> ("layer1.weight").
/// </summary>
public abstract class Layer : nn.Module<Tensor, Tensor>
{
    /// <summary>A layer named <paramref name="name"/>, which is also its module name.</summary>
    protected Layer(string name) : base(name) => Name = name;

    /// <summary>The layer's name in its network ("layer1", "conv2"): the prefix of its parameter keys.</summary>
    public string Name { get; }

    /// <summary>A new parameter tensor of this layer, registered under <paramref name="name"/>.</summary>
    protected Tensor NewParameter(string name, Tensor value, bool requiresGrad = true)
    {
        var parameter = new TorchSharp.Modules.Parameter(value, requiresGrad);
        register_parameter(name, parameter);
        return parameter;
    }

    /// <summary>A state tensor of this layer that is never trained, registered as a buffer under <paramref name="name"/>.</summary>
    protected Tensor NewBuffer(string name, Tensor value)
    {
        register_buffer(name, value);
        return value;
    }

    /// <summary>Whether training updates this layer (Du et al. keep the output layer a fixed).</summary>
    public bool Trainable { get; init; } = true;

    /// <summary>The layer's tensors, trainable parameters and saved state alike, in a fixed order.</summary>
    public abstract IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>Draws fresh initial values in place from the generator.</summary>
    public abstract void Initialize(Generator generator);

    /// <summary>The number of scalars in <see cref="Parameters"/>, saved state included.</summary>
    public long ParameterCount => Parameters.Sum(p => p.Value.numel());
}

using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// One parameter tensor of a layer, with its layer's name and its own ("weight", "bias"). Trainable = false marks
/// state that is saved, restored and checkpointed with the parameters but never trained: an OPT layer's frozen
/// neurons V and S-OPT subset, batch norm's running statistics.
/// </summary>
public sealed record NamedParameter(string Layer, string Name, Tensor Value, bool Trainable = true)
{
    public string Key => $"{Layer}.{Name}";
}

/// <summary>
/// A named layer of a network: what re-initialization, per-layer distances and per-layer kernels work on.
/// "Layer" means one weight matrix (or filter bank) with its bias, as in Zhang, Bengio &amp; Singer.
/// </summary>
public abstract class Layer : IDisposable
{
    protected Layer(string name) => Name = name;

    public string Name { get; }

    /// <summary>Whether training updates this layer (Du et al. keep the output layer a fixed).</summary>
    public bool Trainable { get; init; } = true;

    public abstract IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>Draws fresh initial values in place from the generator.</summary>
    public abstract void Initialize(Generator generator);

    public long ParameterCount => Parameters.Sum(p => p.Value.numel());

    public virtual void Dispose()
    {
        foreach (var p in Parameters) p.Value.Dispose();
    }
}

using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// A network's trainable parameters as one vector theta in R^Dimension: the tensors of <see cref="INetwork"/>'s
/// trainable layers, in forward order, each flattened and laid end to end. Every parameter-space operator uses this
/// layout, so a vector means the same thing to all of them, and a layer's block is an index range of it.
/// </summary>
public sealed class ParameterVector
{
    /// <summary>One parameter tensor ("layer.name") and where its flattened values sit in theta.</summary>
    public sealed record Entry(string Key, string Layer, Tensor Value, long Offset, long Length);

    private ParameterVector(IReadOnlyList<Entry> entries, ScalarType dtype, Device device)
    {
        Entries = entries;
        Tensors = entries.Select(e => e.Value).ToList();
        Dimension = entries.Sum(e => e.Length);
        DType = dtype;
        Device = device;
    }

    public IReadOnlyList<Entry> Entries { get; }
    /// <summary>The parameter tensors themselves (they require grad), in layout order.</summary>
    public IReadOnlyList<Tensor> Tensors { get; }
    public long Dimension { get; }
    public ScalarType DType { get; }
    public Device Device { get; }

    /// <summary>The layout of a network's trainable parameters; it has to have at least one.</summary>
    public static ParameterVector Of(INetwork network)
    {
        var entries = new List<Entry>();
        long offset = 0;
        foreach (var p in network.TrainableEntries())
        {
            entries.Add(new Entry(p.Key, p.Layer, p.Value, offset, p.Value.numel()));
            offset += p.Value.numel();
        }
        if (entries.Count == 0) throw new Engine.InputException("the network has no trainable layer, so it has no parameter space to measure.");
        return new ParameterVector(entries, entries[0].Value.dtype, entries[0].Value.device);
    }

    /// <summary>The names of the layers with trainable parameters, in forward order.</summary>
    public IEnumerable<string> Layers => Entries.Select(e => e.Layer).Distinct();

    /// <summary>The index range [Offset, Offset + Length) of one layer's parameters in theta.</summary>
    public (long Offset, long Length) LayerRange(string layer)
    {
        var parts = Entries.Where(e => e.Layer == layer).ToList();
        if (parts.Count == 0)
            throw new Engine.InputException($"no trainable layer '{layer}'; the trainable layers are {string.Join(", ", Layers)}.");
        return (parts[0].Offset, parts.Sum(e => e.Length));
    }

    /// <summary>Tensors shaped like the parameters, laid end to end in one new vector.</summary>
    public Tensor Flatten(IReadOnlyList<Tensor> parts)
    {
        if (parts.Count != Entries.Count)
            throw new ArgumentException($"{parts.Count} tensors for {Entries.Count} parameters.");
        using var scope = NewDisposeScope();
        var flat = cat(parts.Select(p => p.reshape(-1)).ToList(), 0);
        return flat.MoveToOuterDisposeScope();
    }

    /// <summary>The current parameter values as one vector (detached copy).</summary>
    public Tensor Values()
    {
        using var _ = no_grad();
        return Flatten(Tensors);
    }

    /// <summary>Views of v (no copy), one per parameter and shaped like it. v must be a vector of this layout.</summary>
    public Tensor[] Split(Tensor v)
    {
        RequireVector(v, Dimension, DType, "parameter-space");
        return Entries.Select(e => v.narrow(0, e.Offset, e.Length).view(e.Value.shape)).ToArray();
    }

    /// <summary>
    /// Checks that v is a vector of the given length and dtype: an operator calls it before any autograd call, since
    /// a mismatch inside libtorch's grad aborts the process.
    /// </summary>
    internal static void RequireVector(Tensor v, long dimension, ScalarType dtype, string space)
    {
        if (v.dim() != 1 || v.shape[0] != dimension)
            throw new ArgumentException($"a {space} vector must have shape [{dimension}], got [{string.Join(", ", v.shape)}].");
        if (v.dtype != dtype)
            throw new ArgumentException($"a {space} vector must be {dtype}, got {v.dtype}.");
    }
}

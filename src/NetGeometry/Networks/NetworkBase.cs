using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>What every family shares: the layer list, input validation, seeded initialization and disposal.</summary>
public abstract class NetworkBase : INetwork
{
    protected NetworkBase(string family, long inputDim, long outputDim, ScalarType dtype)
    {
        Family = family; InputDim = inputDim; OutputDim = outputDim; DType = dtype;
    }

    public string Family { get; }
    public long InputDim { get; }
    public long OutputDim { get; }
    public ScalarType DType { get; }
    public abstract IReadOnlyList<Layer> Layers { get; }
    public bool TrainingMode { get; set; }

    public virtual Activation? ActivationOf(Layer layer) => null;

    public Tensor Forward(Tensor x, ForwardTrace? trace = null)
    {
        if (x.dim() != 2 || x.shape[1] != InputDim)
            throw new ArgumentException($"{Family}: input must be n x {InputDim}, got [{string.Join(", ", x.shape)}].");
        if (x.dtype != DType)
            throw new ArgumentException($"{Family}: input is {x.dtype}, the network is {DType}.");
        return ForwardChecked(x, trace);
    }

    protected abstract Tensor ForwardChecked(Tensor x, ForwardTrace? trace);

    /// <summary>Each layer draws from its own stream derived from (seed, layer name), so re-initializing one layer
    /// with the run's seed reproduces exactly its initial value.</summary>
    public void Initialize(long seed)
    {
        foreach (var layer in Layers)
        {
            using var g = Seeds.Generator(LayerSeed(seed, layer.Name));
            layer.Initialize(g);
        }
    }

    /// <summary>The seed of one layer's initial draw for a network seed.</summary>
    public static long LayerSeed(long seed, string layer) => Seeds.Derive(seed, "init:" + layer);

    protected static Tensor Dense(DenseLayer layer, Tensor u, ForwardTrace? trace) =>
        trace is null ? layer.Forward(u) : trace.Through(layer, u);

    /// <summary>A fully connected layer, standard (traced) or OPT (not traced: its parameters are R, not W).</summary>
    protected static Tensor Linear(Layer layer, Tensor u, ForwardTrace? trace) => layer switch
    {
        DenseLayer dense => Dense(dense, u, trace),
        OptDenseLayer opt => opt.Forward(u),
        _ => throw new InvalidOperationException($"layer {layer.Name} is not a fully connected layer."),
    };

    public void Dispose()
    {
        foreach (var l in Layers) l.Dispose();
        GC.SuppressFinalize(this);
    }
}

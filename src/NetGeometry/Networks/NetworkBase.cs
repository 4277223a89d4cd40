using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// What every family shares: the layer list, input validation, seeded initialization and disposal. A network is an
/// ordinary TorchSharp module whose children are its layers, registered by name, so it goes through exactly the path a
/// user's module takes (<see cref="Models.Model.FromModule{TModule}"/>); <c>forward</c> is <see cref="Forward"/>.
/// </summary>
public abstract class NetworkBase : nn.Module<Tensor, Tensor>, INetwork
{
    /// <summary>A network of the given family and sizes; the family's constructor then builds its layers and calls
    /// <see cref="RegisterLayers"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not float64.</exception>
    protected NetworkBase(string family, long inputDim, long outputDim, ScalarType dtype) : base(family)
    {
        // A model is measured in float64 (Model converts a user's module); a network's layers hold their tensors, so it is built so.
        if (dtype != ScalarType.Float64) throw new ArgumentException($"{family}: networks are float64 (geometry is measured in double precision), not {dtype}.");
        Family = family; InputDim = inputDim; OutputDim = outputDim; DType = dtype;
    }

    /// <inheritdoc />
    public string Family { get; }
    /// <inheritdoc />
    public long InputDim { get; }
    /// <inheritdoc />
    public long OutputDim { get; }
    /// <inheritdoc />
    public ScalarType DType { get; }
    /// <inheritdoc />
    public abstract IReadOnlyList<Layer> Layers { get; }

    /// <summary>The module's own training flag (set on every layer by <c>train</c>).</summary>
    public bool TrainingMode
    {
        get => training;
        set => train(value);
    }

    /// <summary>Registers the layers as the module's children, by name, in forward order: each family's constructor
    /// calls it once its layers are built.</summary>
    protected void RegisterLayers()
    {
        foreach (var layer in Layers) register_module(layer.Name, layer);
        eval();
    }

    /// <summary>The network itself, as the TorchSharp module it is.</summary>
    public nn.Module<Tensor, Tensor> Module => this;

    /// <summary>f(x), as <see cref="Forward"/> without a trace.</summary>
    public override Tensor forward(Tensor x) => Forward(x);

    /// <summary>null for every layer unless the family overrides it (see <see cref="INetwork.ActivationOf"/>).</summary>
    public virtual Activation? ActivationOf(Layer layer) => null;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="x"/> is not n x InputDim or not of the network's dtype.</exception>
    public Tensor Forward(Tensor x, ForwardTrace? trace = null)
    {
        if (x.dim() != 2 || x.shape[1] != InputDim)
            throw new ArgumentException($"{Family}: input must be n x {InputDim}, got [{string.Join(", ", x.shape)}].");
        if (x.dtype != DType)
            throw new ArgumentException($"{Family}: input is {x.dtype}, the network is {DType}.");
        return ForwardChecked(x, trace);
    }

    /// <summary>The family's f(x) for an input <see cref="Forward"/> has checked; a dense layer's pass goes into
    /// <paramref name="trace"/> when one is given (through <see cref="Dense"/> or <see cref="Linear"/>).</summary>
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
    internal static long LayerSeed(long seed, string layer) => Seeds.Derive(seed, "init:" + layer);

    /// <summary>The dense layer applied to <paramref name="u"/>, recorded in <paramref name="trace"/> when one is given.</summary>
    protected static Tensor Dense(DenseLayer layer, Tensor u, ForwardTrace? trace) =>
        trace is null ? layer.call(u) : trace.Through(layer, u);

    /// <summary>A fully connected layer, standard (traced) or OPT (not traced: its parameters are R, not W).</summary>
    protected static Tensor Linear(Layer layer, Tensor u, ForwardTrace? trace) => layer switch
    {
        DenseLayer dense => Dense(dense, u, trace),
        OptDenseLayer opt => opt.call(u),
        _ => throw new InvalidOperationException($"layer {layer.Name} is not a fully connected layer."),
    };
}

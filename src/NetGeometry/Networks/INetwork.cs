using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A network: named layers in forward order, a forward pass on a batch (n x d -> n x o) that can keep each dense
/// layer's input and pre-activation, and whole-network parameter operations. Every family implements it, so probes,
/// kernels and curvature code never depend on a family.
/// </summary>
public interface INetwork : IDisposable
{
    /// <summary>The family's name ("two-layer-relu", "mlp", "residual-mlp", "cnn").</summary>
    string Family { get; }
    /// <summary>d, the number of input features of one example.</summary>
    long InputDim { get; }
    /// <summary>o, the number of outputs per example.</summary>
    long OutputDim { get; }
    /// <summary>The dtype of the parameters and of the inputs <see cref="Forward"/> takes (float64).</summary>
    ScalarType DType { get; }

    /// <summary>The layers, in forward order.</summary>
    IReadOnlyList<Layer> Layers { get; }

    /// <summary>The network as the TorchSharp module it is (its children are its layers, by name).</summary>
    nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>f(x) for a batch x (n x InputDim); when a trace is given, each dense layer's input and pre-activation
    /// are appended to it.</summary>
    Tensor Forward(Tensor x, ForwardTrace? trace = null);

    /// <summary>Draws every layer afresh from the seed (the same seed gives the same parameters).</summary>
    void Initialize(long seed);

    /// <summary>
    /// Off (the default), every forward pass is a fixed function of the parameters: what probes, kernels and
    /// evaluation see. On, batch-norm layers normalize with the batch's own statistics and update their running
    /// averages: only the trainer's update passes (<see cref="NetworkExtensions.TrainingForward"/>) turn it on. Families
    /// without batch norm ignore it.
    /// </summary>
    bool TrainingMode { get; set; }

    /// <summary>The element-wise non-linearity applied directly to this layer's output z (a hidden ReLU layer: Relu),
    /// or null when none is (the output layer, a conv layer whose output goes through batch norm first). What the
    /// activation-pattern probe keys on.</summary>
    Activation? ActivationOf(Layer layer);
}

/// <summary>Whole-network operations on an <see cref="INetwork"/>: its model, parameters, layers and snapshots.</summary>
public static class NetworkExtensions
{
    /// <summary>
    /// The network as a <see cref="Models.Model"/> of its trainable parameters: the path every measurement takes, the
    /// same as for a user's module. The model's parameters are the network's trainable entries in the same order
    /// ("layer1.weight", "layer1.bias", ...), so theta means the same to both.
    /// </summary>
    public static Models.Model AsModel(this INetwork net) => Models.Model.FromModule(net.Module);

    /// <summary>Every layer's parameters and saved state (trainable or not), in forward order.</summary>
    public static IEnumerable<NamedParameter> AllParameters(this INetwork net) => net.Layers.SelectMany(l => l.Parameters);

    /// <summary>The tensors training updates (the trainable parameters of trainable layers), in order.</summary>
    public static IReadOnlyList<Tensor> TrainableParameters(this INetwork net) => net.TrainableEntries().Select(p => p.Value).ToList();

    /// <summary>The trainable parameters of trainable layers with their names, in order.</summary>
    public static IEnumerable<NamedParameter> TrainableEntries(this INetwork net) =>
        net.Layers.Where(l => l.Trainable).SelectMany(l => l.Parameters).Where(p => p.Trainable);

    /// <summary>f(x) in <see cref="INetwork.TrainingMode"/>, as a training update computes it.</summary>
    public static Tensor TrainingForward(this INetwork net, Tensor x)
    {
        net.TrainingMode = true;
        try
        {
            return net.Forward(x);
        }
        finally
        {
            net.TrainingMode = false;
        }
    }

    /// <summary>The number of scalars in <see cref="AllParameters"/>, saved state included.</summary>
    public static long ParameterCount(this INetwork net) => net.Layers.Sum(l => l.ParameterCount);

    /// <summary>The layer named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The network has no such layer.</exception>
    public static Layer Layer(this INetwork net, string name) =>
        net.Layers.FirstOrDefault(l => l.Name == name)
        ?? throw new ArgumentException($"no layer '{name}'; layers: {string.Join(", ", net.Layers.Select(l => l.Name))}.");

    /// <summary>Whether every layer is dense (what the structured NTK needs).</summary>
    internal static bool IsDenseOnly(this INetwork net) => net.Layers.All(l => l is DenseLayer);

    /// <summary>A detached copy of <see cref="AllParameters"/>; the caller disposes it.</summary>
    public static ParameterSnapshot Snapshot(this INetwork net) => ParameterSnapshot.Capture(net.AllParameters());

    /// <summary>Copies a snapshot's values back into the network, exactly.</summary>
    public static void Restore(this INetwork net, ParameterSnapshot snapshot)
    {
        using var _ = no_grad();
        foreach (var p in net.AllParameters())
        {
            var saved = snapshot.Entries.FirstOrDefault(e => e.Key == p.Key)
                ?? throw new ArgumentException($"the snapshot has no parameter {p.Key}.");
            if (!saved.Value.shape.SequenceEqual(p.Value.shape))
                throw new ArgumentException($"{p.Key}: snapshot shape [{string.Join(", ", saved.Value.shape)}] differs from the network's [{string.Join(", ", p.Value.shape)}].");
            p.Value.copy_(saved.Value);
        }
    }
}

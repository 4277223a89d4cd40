using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels.InfiniteWidth;

/// <summary>
/// The infinite-width limit of a network's NTK, where NetGeometry knows one in closed form: multilayer networks of
/// dense layers in NTK parameterization with ReLU or identity activations and a linear output layer (<see cref="Mlp"/>, and Du et al.'s
/// <see cref="TwoLayerRelu"/>, whose limit with the output fixed is H-inf). Its kernels are laid out as
/// <see cref="EmpiricalNtk"/>'s: the limit is Theta_inf I_o over o outputs, so traced = o Theta_inf and
/// full = Theta_inf (kron) I_o.
/// </summary>
public sealed class InfiniteWidthKernel
{
    private InfiniteWidthKernel(string name, IReadOnlyList<LimitLayer> layers, Activation activation, long outputs)
    {
        Name = name; Layers = layers; Activation = activation; Outputs = outputs;
    }

    /// <summary>What the limit is called in the papers.</summary>
    public string Name { get; }
    /// <summary>The network's layers as the limit sees them, input layer first.</summary>
    public IReadOnlyList<LimitLayer> Layers { get; }

    /// <summary>The hidden layers' activation: ReLU or identity.</summary>
    public Activation Activation { get; }

    /// <summary>o, the network's outputs.</summary>
    public long Outputs { get; }

    /// <summary>The limit of the network's NTK, or null when NetGeometry has no closed form for it.</summary>
    public static InfiniteWidthKernel? For(INetwork network) => network switch
    {
        TwoLayerRelu net => new InfiniteWidthKernel(
            net.Output.Trainable ? "NTK of the two-layer ReLU network, both layers trained (Du et al. 2019)" : "H-infinity (Du et al. 2019)",
            Limit(new[] { net.Hidden, net.Output }), Activation.Relu, 1),
        Mlp net when net.Parameterization == Parameterization.Ntk && net.IsDenseOnly() && GaussianExpectations.Supported.Contains(net.Activation)
                    && net.OutputActivation == Activation.Identity =>
            new InfiniteWidthKernel($"arc-cosine NTK of the {net.Activation.ToString().ToLowerInvariant()} MLP (Jacot et al. 2018)",
                Limit(net.Layers.Cast<DenseLayer>()), net.Activation, net.OutputDim),
        _ => null,
    };

    /// <summary>The limit NTK between rows of X1 and X2 (X1 when null), laid out like the empirical kernel, float64.</summary>
    public Tensor Ntk(Tensor x1, Tensor? x2 = null, NtkOutput output = NtkOutput.Traced)
    {
        using var kernels = MlpLimitKernels.Compute(Layers, Activation, x1, x2);
        return output == NtkOutput.Traced ? kernels.Ntk.mul(Held(Outputs)) : kron(kernels.Ntk, eye(Outputs, dtype: float64, device: kernels.Ntk.device));
    }

    /// <summary>The NNGP (output covariance at initialization) between rows of X1 and X2, per output, float64.</summary>
    public Tensor Nngp(Tensor x1, Tensor? x2 = null)
    {
        using var kernels = MlpLimitKernels.Compute(Layers, Activation, x1, x2);
        return kernels.Nngp.clone();
    }

    private static IReadOnlyList<LimitLayer> Limit(IEnumerable<DenseLayer> layers) => layers.Select(l => new LimitLayer(
        WeightVariance: l.WeightMultiplier * l.WeightMultiplier * l.FanIn * l.InitStd * l.InitStd,
        BiasVariance: l.Bias is null ? 0 : l.BiasMultiplier * l.BiasMultiplier * l.BiasInitStd * l.BiasInitStd,
        Trained: l.Trainable)).ToList();
}

using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// What OPT layers share (Liu et al., CVPR 2021): N neurons that are fixed random vectors V (N x D, drawn at
/// initialization and frozen) turned by one learned orthogonal matrix, W = V Q^T (neuron i is Q v_i) with Q = Q(R)
/// from the layer's <see cref="IOrthogonalizer"/>. An orthogonal Q keeps every angle between neurons, so the
/// layer's hyperspherical energy stays that of V for the whole run. R starts at the orthogonalizer's identity
/// parameter, so W = V at step 0: an OPT network starts as the standard network drawn from the same seed.
/// With a stochastic fraction (S-OPT, <see cref="StochasticOpt"/>) Q is D' x D' and turns only the coordinates in
/// <see cref="Subset"/>; <see cref="FoldBack"/> ends an episode. Parameters: "r" (trainable), the subclass's bias,
/// "v" and, for S-OPT, "subset" (the coordinates, as float64 integers) — the last two saved with checkpoints but
/// never trained.
/// </summary>
public abstract class OptLayer : Layer, INeuronLayer
{
    private IReadOnlyList<NamedParameter>? _named;

    private protected OptLayer(string name, long neurons, long fanIn, double initStd, IOrthogonalizer orthogonalizer,
        double? stochasticFraction, ScalarType dtype, Device? device) : base(name)
    {
        if (neurons <= 0 || fanIn <= 0) throw new ArgumentException($"layer {name}: sizes must be positive, got {fanIn} -> {neurons}.");
        if (stochasticFraction is { } f && !(f > 0 && f < 1))
            throw new ArgumentException($"layer {name}: the S-OPT fraction must lie in (0, 1), got {f}.");
        FanIn = fanIn; InitStd = initStd; Orthogonalizer = orthogonalizer; StochasticFraction = stochasticFraction;
        long d = stochasticFraction is { } fraction ? StochasticOpt.SubsetSize(fanIn, fraction) : fanIn;
        R = NewParameter("r", orthogonalizer.IdentityParameter(d, dtype, device));
        V = NewBuffer("v", zeros(neurons, fanIn, dtype: dtype, device: device));
        Subset = stochasticFraction is null ? null : NewBuffer("subset", zeros(d, dtype: ScalarType.Float64, device: device));
    }

    /// <summary>D, the fan-in: the dimension the neurons live in.</summary>
    public long FanIn { get; }
    /// <summary>N, the number of neurons (rows of V).</summary>
    public long NeuronCount => V.shape[0];
    /// <summary>V's entries are InitStd * N(0, 1), as the standard layer's weights.</summary>
    public double InitStd { get; }
    /// <summary>The map R -> Q.</summary>
    public IOrthogonalizer Orthogonalizer { get; }
    /// <summary>The OPT method of <see cref="Orthogonalizer"/>.</summary>
    public OrthogonalMethod Method => Orthogonalizer.Method;
    /// <summary>S-OPT: the fraction of the D coordinates rotated per episode; null for plain OPT.</summary>
    public double? StochasticFraction { get; }
    /// <summary>The frozen neurons, N x D.</summary>
    public Tensor V { get; }
    /// <summary>The free parameter of the orthogonal matrix, D x D (S-OPT: D' x D').</summary>
    public Tensor R { get; }
    /// <summary>S-OPT: the coordinates Q turns this episode, ascending; null for plain OPT.</summary>
    public Tensor? Subset { get; }

    /// <inheritdoc />
    public override IReadOnlyList<NamedParameter> Parameters => _named ??=
        new[] { new NamedParameter(Name, "r", R) }
            .Concat(BiasParameters)
            .Append(new NamedParameter(Name, "v", V, Trainable: false))
            .Concat(Subset is null ? [] : [new NamedParameter(Name, "subset", Subset, Trainable: false)])
            .ToList();

    /// <summary>The subclass's trainable bias, if any.</summary>
    private protected abstract IEnumerable<NamedParameter> BiasParameters { get; }

    /// <summary>Q(R), differentiable. In a dispose scope of its own, which keeps every map's temporaries reachable until
    /// their native calls return, whoever calls (outside a scope, the finalizer may free an argument during the call:
    /// a segfault seen once in libtorch's linalg_solve).</summary>
    public Tensor Q()
    {
        using var scope = NewDisposeScope();
        return Orthogonalizer.Orthogonalize(R).MoveToOuterDisposeScope();
    }

    /// <summary>The effective weights W = V Q^T (S-OPT: V with its subset columns turned), differentiable in R.</summary>
    public Tensor Neurons()
    {
        if (Subset is null) return V.matmul(Q().t());
        using var index = Subset.to_type(ScalarType.Int64);
        return StochasticOpt.Rotate(V, Q(), index);
    }

    /// <summary>||Q Q^T - I||_F now.</summary>
    public double OrthogonalityError()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return Orthogonality.Error(Q());
    }

    /// <summary>
    /// Ends an S-OPT episode: V &lt;- W, R &lt;- the identity parameter (Q = I), and a new subset of coordinates drawn
    /// from <paramref name="generator"/>. The layer computes the same function before and after.
    /// </summary>
    public void FoldBack(Generator generator)
    {
        if (StochasticFraction is not { } fraction || Subset is null)
            throw new InvalidOperationException($"layer {Name} is not an S-OPT layer: only S-OPT folds back.");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        V.copy_(Neurons());
        R.copy_(Orthogonalizer.IdentityParameter(R.shape[0], R.dtype, R.device));
        Subset.copy_(StochasticOpt.SampleSubset(FanIn, fraction, generator));
    }

    /// <summary>Draws V (then the bias, as the standard layer does), sets R to Q = I and, for S-OPT, draws a subset.</summary>
    public sealed override void Initialize(Generator generator)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        V.copy_(randn(V.shape, generator: generator, dtype: V.dtype, device: V.device).mul_(Held(InitStd)));
        InitializeBias(generator);
        R.copy_(Orthogonalizer.IdentityParameter(R.shape[0], R.dtype, R.device));
        if (StochasticFraction is { } fraction) Subset!.copy_(StochasticOpt.SampleSubset(FanIn, fraction, generator));
    }

    /// <summary>Draws the subclass's bias, if any, after V.</summary>
    private protected abstract void InitializeBias(Generator generator);
}

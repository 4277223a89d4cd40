using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>
/// A dense OPT layer: z = m_W u W^T + m_b b with W = V Q(R)^T (see <see cref="OptLayer"/>), scaled as the standard
/// <see cref="DenseLayer"/> it replaces. Not a DenseLayer: its trained parameter is R, not W, so structured-NTK code
/// that keys on DenseLayer leaves it alone.
/// </summary>
public sealed class OptDenseLayer : OptLayer
{
    /// <summary>
    /// A layer with R at the orthogonalizer's identity parameter and V (and b) at zero until <see cref="OptLayer.Initialize"/>
    /// draws them as <paramref name="scaling"/> says; <paramref name="stochasticFraction"/> makes it S-OPT.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive, or the fraction is not in (0, 1).</exception>
    public OptDenseLayer(string name, int fanIn, int fanOut, bool bias, DenseScaling scaling, IOrthogonalizer orthogonalizer,
        double? stochasticFraction = null, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(name, fanOut, fanIn, scaling.InitStd, orthogonalizer, stochasticFraction, dtype, device)
    {
        Scaling = scaling;
        Bias = bias ? NewParameter("bias", zeros(fanOut, dtype: dtype, device: device)) : null;
    }

    /// <summary>The multipliers and initial standard deviations, those of the standard layer it replaces.</summary>
    public DenseScaling Scaling { get; }
    /// <summary>b (FanOut), without the multiplier; null when the layer has none.</summary>
    public Tensor? Bias { get; }

    private protected override IEnumerable<NamedParameter> BiasParameters =>
        Bias is null ? [] : [new NamedParameter(Name, "bias", Bias)];

    /// <summary>z = m_W u W^T + m_b b for a batch u (n x FanIn).</summary>
    public override Tensor forward(Tensor u) => DenseLayer.Affine(u, Neurons(), Scaling.WeightMultiplier, Bias, Scaling.BiasMultiplier);

    private protected override void InitializeBias(Generator generator)
    {
        if (Bias is not null) DenseLayer.DrawBias(Bias, Scaling.BiasInitStd, generator);
    }
}

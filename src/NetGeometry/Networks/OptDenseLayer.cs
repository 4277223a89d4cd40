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
    public OptDenseLayer(string name, int fanIn, int fanOut, bool bias, DenseScaling scaling, IOrthogonalizer orthogonalizer,
        double? stochasticFraction = null, ScalarType dtype = ScalarType.Float64, Device? device = null)
        : base(name, fanOut, fanIn, scaling.InitStd, orthogonalizer, stochasticFraction, dtype, device)
    {
        Scaling = scaling;
        Bias = bias ? NewParameter("bias", zeros(fanOut, dtype: dtype, device: device)) : null;
    }

    public DenseScaling Scaling { get; }
    public Tensor? Bias { get; }

    protected override IEnumerable<NamedParameter> BiasParameters =>
        Bias is null ? [] : [new NamedParameter(Name, "bias", Bias)];

    /// <summary>z = m_W u W^T + m_b b for a batch u (n x FanIn).</summary>
    public override Tensor forward(Tensor u) => DenseLayer.Affine(u, Neurons(), Scaling.WeightMultiplier, Bias, Scaling.BiasMultiplier);

    protected override void InitializeBias(Generator generator)
    {
        if (Bias is not null) DenseLayer.DrawBias(Bias, Scaling.BiasInitStd, generator);
    }
}

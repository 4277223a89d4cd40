using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The diagonal block A_BB = P_B^T A P_B of an operator A on the coordinates B = [Offset, Offset + Length), where
/// P_B embeds a block vector into the whole space with zeros elsewhere: e.g. one layer's block of a Hessian, the
/// curvature of the loss in that layer's weights alone. Each product costs one product with A.
/// </summary>
public sealed class BlockRestriction : ILinearOperator
{
    private readonly ILinearOperator whole;

    public BlockRestriction(ILinearOperator whole, long offset, long length)
    {
        if (offset < 0 || length < 1 || offset + length > whole.Dimension)
            throw new ArgumentException($"block [{offset}, {offset + length}) does not lie in [0, {whole.Dimension}).");
        this.whole = whole;
        Offset = offset;
        Dimension = length;
    }

    /// <summary>The block of one layer's parameters (all of its tensors) in a parameter-space operator.</summary>
    public static BlockRestriction ToLayer(ILinearOperator whole, ParameterVector parameters, string layer)
    {
        if (whole.Dimension != parameters.Dimension)
            throw new ArgumentException($"the operator acts on R^{whole.Dimension}, the parameters span R^{parameters.Dimension}.");
        var (offset, length) = parameters.LayerRange(layer);
        return new BlockRestriction(whole, offset, length);
    }

    public long Offset { get; }
    public long Dimension { get; }
    public ScalarType DType => whole.DType;
    public Device Device => whole.Device;

    public Tensor Apply(Tensor v)
    {
        ParameterVector.RequireVector(v, Dimension, DType, "block");
        using var scope = NewDisposeScope();
        var embedded = zeros(whole.Dimension, dtype: DType, device: Device);
        embedded.narrow(0, Offset, Dimension).copy_(v);
        return whole.Apply(embedded).narrow(0, Offset, Dimension).clone().MoveToOuterDisposeScope();
    }
}

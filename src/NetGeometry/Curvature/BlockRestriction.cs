using NetGeometry.Models;
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

    /// <summary>The block of <paramref name="whole"/> on the coordinates [offset, offset + length).</summary>
    /// <exception cref="ArgumentException">The block does not lie in [0, whole.Dimension) or is empty.</exception>
    public BlockRestriction(ILinearOperator whole, long offset, long length)
    {
        if (offset < 0 || length < 1 || offset + length > whole.Dimension)
            throw new ArgumentException($"block [{offset}, {offset + length}) does not lie in [0, {whole.Dimension}).");
        this.whole = whole;
        Offset = offset;
        Dimension = length;
    }

    /// <summary>
    /// The block of one layer's parameters (all of its measured tensors, <see cref="Model.Layer"/>) in an operator on the
    /// model's parameter space; an unknown layer is an <see cref="Engine.InputException"/> naming the layers.
    /// </summary>
    /// <exception cref="ArgumentException">The operator's dimension is not the model's.</exception>
    public static BlockRestriction ToLayer(ILinearOperator whole, Model model, string layer)
    {
        if (whole.Dimension != model.Dimension)
            throw new ArgumentException($"the operator acts on R^{whole.Dimension}, the model's parameters span R^{model.Dimension}.");
        var range = model.Layer(layer);
        return new BlockRestriction(whole, range.Offset, range.Length);
    }

    /// <summary>The first coordinate of the block in the whole space.</summary>
    public long Offset { get; }

    /// <inheritdoc />
    public long Dimension { get; }

    /// <inheritdoc />
    public ScalarType DType => whole.DType;

    /// <inheritdoc />
    public Device Device => whole.Device;

    /// <inheritdoc />
    public Tensor Apply(Tensor v)
    {
        OperatorVector.Require(v, this, "block");
        using var scope = NewDisposeScope();
        var embedded = zeros(whole.Dimension, dtype: DType, device: Device);
        embedded.narrow(0, Offset, Dimension).copy_(v);
        return whole.Apply(embedded).narrow(0, Offset, Dimension).clone().MoveToOuterDisposeScope();
    }
}
